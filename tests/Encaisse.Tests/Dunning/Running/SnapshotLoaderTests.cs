using Encaisse.Dunning;
using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Running;

public class SnapshotLoaderTests
{
    private static readonly DateOnly AsOf = new(2026, 4, 30);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Planning_by_chunks_of_customers_gives_the_decision_of_the_whole_snapshot(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var settings = await DunningTestData.SettingsAsync(database, tenant);
        for (var c = 0; c < 7; c++)
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411C{c}");
            for (var i = 0; i < 3; i++)
            {
                var invoice = await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"F{c}-{i}", AsOf.AddDays(-(c * 7) - (i * 3) + 4), 100m + i);
                if (c == 2 && i == 0)
                {
                    await DunningTestData.PayAsync(database, tenant, invoice, AsOf.AddDays(-1));
                }
            }
        }

        await using var db = database.For(tenant);
        var whole = DunningPlanner.Plan((await DunningSnapshotLoader.LoadAsync(db, settings, AsOf, default)).Snapshot);
        var chunked = await DunningSnapshotLoader.PlanAsync(db, settings, AsOf, default, chunkSize: 2);

        chunked.Customers.ShouldBe(7);
        Keys(chunked.Decision).ShouldBe(Keys(whole));
        chunked.Decision.Actions[0].StepNumber.ShouldBe(1, "two days late: the courtesy step is the last one reached");
        chunked.Decision.NextCheckOn.OrderBy(kv => kv.Key).ShouldBe(whole.NextCheckOn.OrderBy(kv => kv.Key));
        chunked.Decision.Actions.SelectMany(a => a.Items).ShouldNotContain(i => i.Item.Number == "F2-0", "paid invoices are dropped in SQL");
        chunked.Decision.Actions.Select(a => chunked.CustomerRefs[a.CustomerId]).ShouldBe(["411C0", "411C1", "411C2", "411C3", "411C4", "411C5", "411C6"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_partly_paid_invoice_is_listed_with_its_open_amount_and_cancelled_ones_are_left_out(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var settings = await DunningTestData.SettingsAsync(database, tenant);
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411P");
        var partly = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FP-1", AsOf.AddDays(-12), 300m);
        var cancelled = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FP-2", AsOf.AddDays(-12), 50m);
        await using (var write = database.For(tenant))
        {
            var payment = new Payment { TenantId = tenant.Id, CustomerId = customer.Id, Reference = "VIR-P", ReceivedOn = AsOf.AddDays(-2), AmountMinor = 10_000 };
            write.Add(payment);
            write.Add(new Allocation { TenantId = tenant.Id, InvoiceId = partly.Id, PaymentId = payment.Id, AmountMinor = 10_000, AllocatedOn = AsOf.AddDays(-2) });
            write.Attach(cancelled);
            cancelled.CancelledOn = AsOf.AddDays(-1);
            await write.SaveChangesAsync();
        }

        await using var db = database.For(tenant);
        var loaded = await DunningSnapshotLoader.LoadAsync(db, settings, AsOf, default, customer.Id);

        var item = loaded.Snapshot.Customers.ShouldHaveSingleItem().Items.ShouldHaveSingleItem().Item;
        item.Number.ShouldBe("FP-1");
        item.OpenMinor.ShouldBe(20_000);
        item.Status.ShouldBe(InvoiceStatus.Overdue);
        item.DaysOverdue.ShouldBe(12);
    }

    private static List<string> Keys(DunningDecision decision) =>
        decision.Actions.Select(a => $"{a.CustomerId}|{a.StepKey}|{a.Cycle}|{string.Join(",", a.Items.Select(i => i.Item.Number))}").ToList();
}
