using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Ledger.Api;
using Encaisse.Ledger.Storage;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>The one allocation operation: its rules, its locks, what reacts to it, and the positions read from it.</summary>
public sealed class LedgerAllocationsTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_automatic_rule_applies_a_credit_note_to_the_oldest_open_invoices(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var ops = new LedgerOperations(db, tenant, FakeClock.At(Today));
        await CustomerAsync(ops, "411DUPONT");
        await InvoiceAsync(ops, "FA-LATER", 500m, new DateOnly(2026, 11, 20));
        await InvoiceAsync(ops, "FA-OLD", 960m, new DateOnly(2026, 10, 1));
        (await ops.CreateInvoiceAsync(new InvoiceWrite("AV-1", "411DUPONT", DocumentKind.CreditNote, IssueDate: new DateOnly(2026, 11, 25), DueDate: new DateOnly(2026, 11, 25),
            AmountInclTax: 1200m), default)).IsOk.ShouldBeTrue();

        var customer = await db.Customers.SingleAsync(c => c.ExternalRef == "411DUPONT");
        var position = await CustomerPositions.LoadAsync(db, customer.Id, Today, default);
        position.OpenOf(await IdAsync(db, "FA-OLD")).ShouldBe(0);
        position.OpenOf(await IdAsync(db, "FA-LATER")).ShouldBe(260_00);
        position.Credits.ShouldBeEmpty();
        position.BalanceIn("EUR").ShouldBe(260_00);
        (await db.Allocations.Where(a => a.Source == AllocationOrigin.CreditNoteRule).CountAsync()).ShouldBe(2);
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "creditNote.applied")).ShouldBe(1);
        (await PositionTotals.BalancesAsync(db, customer.Id, Today, default)).ShouldBe(position.Balances);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_the_manual_rule_a_credit_note_stays_open_and_the_balance_nets_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var ops = new LedgerOperations(db, tenant, FakeClock.At(Today));
        (await ops.UpdateSettingsAsync(new LedgerSettingsWrite(CreditNoteApplication.Manual), "test", default)).IsOk.ShouldBeTrue();
        await CustomerAsync(ops, "411DUPONT");
        await InvoiceAsync(ops, "FA-960", 960m, new DateOnly(2026, 10, 1));
        await ops.CreateInvoiceAsync(new InvoiceWrite("AV-120", "411DUPONT", DocumentKind.CreditNote, IssueDate: new DateOnly(2026, 11, 1), DueDate: new DateOnly(2026, 11, 1),
            AmountInclTax: 120m), default);

        var customer = await db.Customers.SingleAsync(c => c.ExternalRef == "411DUPONT");
        var position = await CustomerPositions.LoadAsync(db, customer.Id, Today, default);
        position.OpenOf(await IdAsync(db, "FA-960")).ShouldBe(960_00);
        position.Credits.ShouldHaveSingleItem().ShouldBe(new CustomerCredit(await IdAsync(db, "AV-120"), CreditKind.CreditNote, "AV-120",
            new DateOnly(2026, 11, 1), "EUR", 120_00));
        position.BalanceIn("EUR").ShouldBe(840_00);

        // Switching to automatic applies what is open at once.
        (await ops.UpdateSettingsAsync(new LedgerSettingsWrite(CreditNoteApplication.Automatic), "test", default)).IsOk.ShouldBeTrue();
        (await CustomerPositions.LoadAsync(db, customer.Id, Today, default)).OpenOf(await IdAsync(db, "FA-960")).ShouldBe(840_00);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bank_fee_within_the_tolerance_is_written_off_and_the_invoice_is_settled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var clock = FakeClock.At(Today);
        var ops = new LedgerOperations(db, tenant, clock);
        await CustomerAsync(ops, "411DUPONT");
        await InvoiceAsync(ops, "FA-100", 100m, new DateOnly(2026, 11, 1));
        var settled = await new LedgerAllocations(db, tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Matching, "system")
        {
            NewPayment = new Payment { Reference = "bank:1", ReceivedOn = Today, AmountMinor = 97_50, Currency = "EUR", CustomerId = await CustomerIdAsync(db) },
            Lines = [new SettlementLine("FA-100", AmountMinor: 97_50)],
            WriteOffToleranceMinor = 5_00,
        }, default);

        settled.IsOk.ShouldBeTrue(settled.Error?.ToString());
        settled.Value.WrittenOffMinor.ShouldBe(2_50);
        settled.Value.SettledInvoices.ShouldBe(["FA-100"]);
        var position = await CustomerPositions.LoadAsync(db, await CustomerIdAsync(db), Today, default);
        position.OpenOf(await IdAsync(db, "FA-100")).ShouldBe(0);
        position.Credits.ShouldBeEmpty();
        (await db.Allocations.SingleAsync(a => a.Source == AllocationOrigin.WriteOff)).AmountMinor.ShouldBe(2_50);
        (await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "payment.matched")).Summary.ShouldContain("2,50 € passé en perte");

        // Beyond the tolerance the shortfall stays open.
        await InvoiceAsync(ops, "FA-200", 200m, new DateOnly(2026, 11, 1));
        var partial = await new LedgerAllocations(db, tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Matching, "system")
        {
            NewPayment = new Payment { Reference = "bank:2", ReceivedOn = Today, AmountMinor = 190_00, Currency = "EUR", CustomerId = await CustomerIdAsync(db) },
            Lines = [new SettlementLine("FA-200", AmountMinor: 190_00)],
            WriteOffToleranceMinor = 5_00,
        }, default);
        partial.Value.WrittenOffMinor.ShouldBe(0);
        (await CustomerPositions.LoadAsync(db, await CustomerIdAsync(db), Today, default)).OpenOf(await IdAsync(db, "FA-200")).ShouldBe(10_00);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_rules_refuse_with_coded_errors_and_write_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var clock = FakeClock.At(Today);
        var ops = new LedgerOperations(db, tenant, clock);
        await CustomerAsync(ops, "411DUPONT");
        await CustomerAsync(ops, "411MARTIN");
        await InvoiceAsync(ops, "FA-1", 100m, new DateOnly(2026, 11, 1));
        await InvoiceAsync(ops, "FA-USD", 100m, new DateOnly(2026, 11, 1), currency: "USD");
        await InvoiceAsync(ops, "FA-FACT", 100m, new DateOnly(2026, 11, 1), factored: true);
        await InvoiceAsync(ops, "FA-MARTIN", 100m, new DateOnly(2026, 11, 1), customer: "411MARTIN");
        (await ops.CreatePaymentAsync(new PaymentWrite("VIR-1", "411DUPONT", Today, 150m), default)).IsOk.ShouldBeTrue();
        var ledger = new LedgerAllocations(db, tenant, clock);
        var payment = await db.Payments.Where(p => p.Reference == "VIR-1").Select(p => p.Id).SingleAsync();

        async Task<string?> Refusal(params SettlementLine[] lines) =>
            (await ledger.SettleAsync(new SettlementRequest(AllocationOrigin.Api, "test") { PaymentId = payment, Lines = lines }, default)).Error?.Code;

        (await Refusal(new SettlementLine("FA-1", AmountMinor: 120_00))).ShouldBe("allocation.overSettles");
        (await Refusal(new SettlementLine("FA-USD"))).ShouldBe("allocation.currency");
        (await Refusal(new SettlementLine("FA-FACT"))).ShouldBe("allocation.invoiceFactored");
        (await Refusal(new SettlementLine("FA-MARTIN"))).ShouldBe("allocation.paymentOfAnotherCustomer");
        (await Refusal(new SettlementLine("FA-404"))).ShouldBe("allocation.noInvoiceNumber");
        (await Refusal(new SettlementLine("FA-1"), new SettlementLine("FA-1"))).ShouldBe("allocation.invoiceTwice");
        (await Refusal(new SettlementLine("FA-1", AmountMinor: 0))).ShouldBe("allocation.notPositive");
        (await db.Allocations.CountAsync()).ShouldBe(0);
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind.StartsWith("payment."))).ShouldBe(0);

        // A valid settlement after the refusals: FA-1 in full, 50.00 left on the payment as customer credit.
        (await Refusal(new SettlementLine("FA-1"))).ShouldBeNull();
        var position = await CustomerPositions.LoadAsync(db, await CustomerIdAsync(db), Today, default);
        position.Credits.ShouldHaveSingleItem().AvailableMinor.ShouldBe(50_00);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_writers_settling_one_invoice_at_once_never_over_settle_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        await using (var db = database.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, clock);
            await CustomerAsync(ops, "411DUPONT");
        }

        for (var round = 0; round < 8; round++)
        {
            await using (var db = database.For(tenant))
            {
                await InvoiceAsync(new LedgerOperations(db, tenant, clock), $"FA-{round}", 6221.83m, new DateOnly(2026, 11, 1));
            }

            var customerId = await CustomerIdAsync(database.For(tenant));
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
            {
                await using var db = database.For(tenant);
                return await new LedgerAllocations(db, tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Matching, "system")
                {
                    NewPayment = new Payment { Reference = $"bank:{round}:{writer}", ReceivedOn = Today, AmountMinor = 6221_83, Currency = "EUR", CustomerId = customerId },
                    Lines = [new SettlementLine($"FA-{round}", AmountMinor: 6221_83)],
                }, default);
            })));

            outcomes.Count(o => o.IsOk).ShouldBe(1, $"round {round}");
            outcomes.Single(o => !o.IsOk).Error!.Code.ShouldBe("allocation.overSettles");
            await using var check = database.For(tenant);
            var invoiceId = await IdAsync(check, $"FA-{round}");
            (await check.Allocations.Where(a => a.InvoiceId == invoiceId).SumAsync(a => a.AmountMinor)).ShouldBe(6221_83);
            // The refused writer left nothing behind: its payment was rolled back with it.
            (await check.Payments.CountAsync(p => p.Reference.StartsWith($"bank:{round}:"))).ShouldBe(1);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Settling_an_invoice_cancels_the_reminder_waiting_for_approval(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var clock = FakeClock.At(Today);
        var ops = new LedgerOperations(db, tenant, clock);
        await CustomerAsync(ops, "411DUPONT");
        await InvoiceAsync(ops, "FA-1", 100m, new DateOnly(2026, 10, 1));
        await InvoiceAsync(ops, "FA-2", 100m, new DateOnly(2026, 10, 1));
        var customerId = await CustomerIdAsync(db);
        var both = $"{await IdAsync(db, "FA-1")},{await IdAsync(db, "FA-2")}";
        db.Add(Action(tenant, customerId, "step:4", both));
        db.Add(Action(tenant, customerId, "step:5", (await IdAsync(db, "FA-1")).ToString()));
        await db.SaveChangesAsync();
        await ops.CreatePaymentAsync(new PaymentWrite("VIR-1", "411DUPONT", Today, 100m), default);

        (await ops.AllocateAsync(new AllocationWrite("FA-1", "VIR-1", null, null), AllocationOrigin.Api, "claire", default)).IsOk.ShouldBeTrue();

        var actions = await db.Set<DunningAction>().AsNoTracking().ToDictionaryAsync(a => a.StepKey);
        actions["step:5"].Status.ShouldBe(DunningActionStatus.Cancelled);
        actions["step:5"].LastError.ShouldBe("cancelled: FA-1 settled");
        actions["step:4"].Status.ShouldBe(DunningActionStatus.AwaitingApproval); // FA-2 is still open
        (await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "dunning.cancelled")).Summary.ShouldBe("Relance n° 5 (cycle 1) annulée : FA-1 soldée(s)");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_per_customer_totals_give_the_position_on_every_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var clock = FakeClock.At(Today);
        var ops = new LedgerOperations(db, tenant, clock);
        await ops.UpdateSettingsAsync(new LedgerSettingsWrite(CreditNoteApplication.Manual), "test", default);
        await CustomerAsync(ops, "411DUPONT");
        var random = new Random(11);
        var start = new DateOnly(2026, 1, 1);
        for (var i = 0; i < 40; i++)
        {
            var issued = start.AddDays(random.Next(0, 330));
            var amount = random.Next(100, 5000);
            var half = Math.Round(amount / 2m, 2);
            var write = new InvoiceWrite($"FA-{i:000}", "411DUPONT", i % 9 == 4 ? DocumentKind.CreditNote : DocumentKind.Invoice, issued, issued.AddDays(30),
                AmountInclTax: amount, CancelledOn: i % 13 == 5 ? issued.AddDays(40) : null,
                Instalments: i % 7 == 3 && i % 9 != 4 ? [new InstalmentDto(issued.AddDays(30), half), new InstalmentDto(issued.AddDays(60), amount - half)] : null);
            (await ops.CreateInvoiceAsync(write, default)).IsOk.ShouldBeTrue();
        }

        for (var i = 0; i < 25; i++)
        {
            var received = start.AddDays(random.Next(20, 360));
            await ops.CreatePaymentAsync(new PaymentWrite($"VIR-{i}", "411DUPONT", received, random.Next(50, 3000)), default);
            var target = $"FA-{random.Next(0, 40):000}";
            // Some allocations fail (credit note, cancelled, settled): the rules decide, the totals follow.
            await ops.AllocateAsync(new AllocationWrite(target, $"VIR-{i}", null, null, received.AddDays(random.Next(0, 3))), AllocationOrigin.Api, "test", default);
        }

        await ops.AllocateAsync(new AllocationWrite("FA-001", null, "FA-004", null), AllocationOrigin.Api, "test", default);
        var customerId = await CustomerIdAsync(db);
        async Task Check()
        {
            for (var date = start; date <= start.AddDays(400); date = date.AddDays(17))
            {
                var expected = (await CustomerPositions.LoadAsync(db, customerId, date, default)).Balances;
                (await PositionTotals.BalancesAsync(db, customerId, date, default)).ShouldBe(expected, date.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        await Check();
        await PositionTotals.RebuildAsync(db, default);
        await Check();
    }

    private static DunningAction Action(Tenant tenant, Guid customerId, string step, string invoiceIds) => new()
    {
        TenantId = tenant.Id, CustomerId = customerId, StepKey = step, Cycle = 1, TemplateKey = "t", Status = DunningActionStatus.AwaitingApproval,
        PlannedOn = Today, InvoiceIds = invoiceIds, CreatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task CustomerAsync(LedgerOperations ops, string reference) =>
        (await ops.CreateCustomerAsync(new CustomerWrite(reference, reference + " SARL"), default)).IsOk.ShouldBeTrue();

    private static async Task InvoiceAsync(LedgerOperations ops, string number, decimal amount, DateOnly due, string currency = "EUR", bool factored = false,
        string customer = "411DUPONT") =>
        (await ops.CreateInvoiceAsync(new InvoiceWrite(number, customer, IssueDate: due.AddDays(-30), DueDate: due, Currency: currency, AmountInclTax: amount,
            IsFactored: factored), default)).IsOk.ShouldBeTrue();

    private static Task<Guid> IdAsync(EncaisseDb db, string number) => db.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync();

    private static Task<Guid> CustomerIdAsync(EncaisseDb db) => db.Customers.Where(c => c.ExternalRef == "411DUPONT").Select(c => c.Id).SingleAsync();
}
