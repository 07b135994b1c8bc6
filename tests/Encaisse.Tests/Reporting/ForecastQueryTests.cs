using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>The stored forecast sees, for each past week, the disputes and promises in force when it began.</summary>
public sealed class ForecastQueryTests
{
    // Wednesday 1 July 2026: past weeks (pastWeeks 3) start 8, 15 and 22 June.
    private static readonly DateOnly AsOf = new(2026, 7, 1);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Past_weeks_use_the_disputes_and_promises_of_their_own_day(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer { TenantId = tenant.Id, ExternalRef = "411A", LegalName = "A SARL", CreatedAt = now, UpdatedAt = now };
        var other = new Customer { TenantId = tenant.Id, ExternalRef = "411B", LegalName = "B SAS", CreatedAt = now, UpdatedAt = now };
        db.AddRange(customer, other);
        // Disputed from 16 June (after the week of 15 June began), still open today.
        var disputed = Invoice(tenant, customer, "F1", new(2026, 6, 17), 1_000_00);
        // Disputed 1–12 June only, then the dispute was rejected: counted in the weeks after.
        var cleared = Invoice(tenant, customer, "F2", new(2026, 6, 24), 500_00);
        // 800 due on 10 June; a promise of 800 for 26 June recorded on 12 June, kept on 26 June.
        var promised = Invoice(tenant, other, "F3", new(2026, 6, 10), 800_00);
        db.AddRange(disputed, cleared, promised);
        db.Add(new Dispute
        {
            TenantId = tenant.Id, CustomerId = customer.Id, AmountMinor = 1_000_00, Status = DisputeStatus.Open, OpenedOn = new(2026, 6, 16),
            CreatedAt = now, Invoices = [new DisputedInvoice { TenantId = tenant.Id, InvoiceId = disputed.Id }],
        });
        db.Add(new Dispute
        {
            TenantId = tenant.Id, CustomerId = customer.Id, AmountMinor = 500_00, Status = DisputeStatus.Rejected, OpenedOn = new(2026, 6, 1),
            ClosedOn = new(2026, 6, 12), CreatedAt = now, Invoices = [new DisputedInvoice { TenantId = tenant.Id, InvoiceId = cleared.Id }],
        });
        db.Add(new PromiseToPay
        {
            TenantId = tenant.Id, CustomerId = other.Id, AmountMinor = 800_00, PromisedDate = new(2026, 6, 26), Status = PromiseStatus.Kept,
            RecordedOn = new(2026, 6, 12), ResolvedOn = new(2026, 6, 26), RecordedAt = now,
        });
        var payment = new Payment { TenantId = tenant.Id, CustomerId = other.Id, Reference = "VIR1", ReceivedOn = new(2026, 6, 26), AmountMinor = 800_00, CreatedAt = now };
        db.Add(payment);
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = promised.Id, PaymentId = payment.Id, AmountMinor = 800_00, AllocatedOn = new(2026, 6, 26), CreatedAt = now });
        await db.SaveChangesAsync();

        var report = (await ForecastQuery.RunAsync(db, AsOf, 13, 3, default)).ShouldHaveSingleItem();
        report.Past.Select(p => (p.Start, p.ForecastMinor, p.RealisedMinor)).ShouldBe(
        [
            // 8 June (seen on 7 June): F3 due 10 June, no promise yet; F2 under dispute.
            (new DateOnly(2026, 6, 8), 800_00L, 0L),
            // 15 June (seen on 14 June): F1 due 17 June, not yet disputed; F3 promised for 26 June (next week).
            (new DateOnly(2026, 6, 15), 1_000_00L, 0L),
            // 22 June (seen on 21 June): F2 due 24 June, its dispute closed; F3's promise of 26 June; F1 disputed.
            (new DateOnly(2026, 6, 22), 1_300_00L, 800_00L),
        ]);
        report.DisputedMinor.ShouldBe(1_000_00L);
    }

    private static Invoice Invoice(Tenant tenant, Customer customer, string number, DateOnly due, long gross) => new()
    {
        TenantId = tenant.Id, CustomerId = customer.Id, Number = number, IssueDate = due.AddDays(-30), DueDate = due,
        GrossMinor = gross, NetMinor = gross, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };
}
