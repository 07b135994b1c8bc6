using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Encaisse.Web.BackOffice;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The customers list and dashboard queries, written in SQL by hand, on both databases.</summary>
public sealed class CustomerDirectoryTests
{
    private static async Task<(TestDatabase Database, Tenant Tenant, WebSeed.Seeded Seed)> SeedAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        return (database, tenant, seed);
    }

    private static async Task<CustomerPage> Search(TestDatabase database, Tenant tenant, CustomerQuery query)
    {
        await using var db = database.For(tenant);
        return await CustomerDirectory.SearchAsync(db, tenant.Id, "EUR", WebSeed.Today, query, default);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_by_name_with_balances_of_the_page(string provider)
    {
        var (database, tenant, _) = await SeedAsync(provider);
        await using var _d = database;
        var page = await Search(database, tenant, new CustomerQuery());
        page.Lines.Select(l => l.ExternalRef).ShouldBe(["411BERNARD", "411DUPONT", "411GARNIER", "411LEROY", "411MARTIN"]);
        var dupont = page.Lines.Single(l => l.ExternalRef == "411DUPONT");
        dupont.OpenMinor.ShouldBe(4_094_96);
        dupont.OverdueMinor.ShouldBe(1_694_96);
        dupont.OldestDue.ShouldBe(new DateOnly(2025, 11, 19));
        page.HasNext.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Searches_filters_sorts_and_pages(string provider)
    {
        var (database, tenant, _) = await SeedAsync(provider);
        await using var _d = database;
        (await Search(database, tenant, new CustomerQuery(Search: "DUPONT"))).Lines.Single().LegalName.ShouldBe("Dupont Matériaux SARL");
        (await Search(database, tenant, new CustomerQuery(Search: "552 100 554"))).Lines.Single().ExternalRef.ShouldBe("411BERNARD");
        (await Search(database, tenant, new CustomerQuery(RiskClass: "E"))).Lines.Single().ExternalRef.ShouldBe("411GARNIER");
        (await Search(database, tenant, new CustomerQuery(Collector: "paul"))).Lines.Select(l => l.ExternalRef).ShouldBe(["411BERNARD", "411LEROY"]);
        (await Search(database, tenant, new CustomerQuery(Segment: "BTP"))).Lines.Count.ShouldBe(2);
        // Every seeded customer has an overdue invoice on 16/03/2026 (Bernard's, due 12/03, by 4 days).
        (await Search(database, tenant, new CustomerQuery(OverdueOnly: true))).Lines.Count.ShouldBe(5);

        var byOverdue = await Search(database, tenant, new CustomerQuery(Sort: CustomerSort.Overdue, Descending: true));
        byOverdue.Lines.Select(l => l.ExternalRef).ShouldBe(["411MARTIN", "411GARNIER", "411LEROY", "411DUPONT", "411BERNARD"]);
        byOverdue.Lines[0].OverdueMinor.ShouldBe(12_500_00);

        var first = await Search(database, tenant, new CustomerQuery(PageSize: 2));
        first.HasNext.ShouldBeTrue();
        var third = await Search(database, tenant, new CustomerQuery(PageSize: 2, Page: 3));
        third.Lines.Single().ExternalRef.ShouldBe("411MARTIN");
        third.HasNext.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Aged_balance_is_bucketed_in_one_query(string provider)
    {
        var (database, tenant, _) = await SeedAsync(provider);
        await using var _d = database;
        await using var db = database.For(tenant);
        var aged = await Encaisse.Reporting.PortfolioFigures.AgedAsync(db, "EUR", WebSeed.Today, default);
        aged.Totals.OpenInvoicesMinor.ShouldBe(28_025_71);
        aged.Totals.BucketsMinor.ShouldBe([2_400_00, 480_00 + 3_150_75, 1_234_56 + 12_500_00, 0, 460_40 + 7_800_00]);
        aged.Totals.OverdueMinor.ShouldBe(28_025_71 - 2_400_00);
        aged.OpenInvoices.ShouldBe(7);
        aged.OverdueCustomers.ShouldBe(5);

        // The same figures as the Reporting aged balance by customer (one way of computing it).
        var report = await Encaisse.Reporting.AgedBalanceQuery.RunAsync(db, WebSeed.Today, Encaisse.Reporting.AgingBuckets.Default,
            Encaisse.Reporting.AgedBalanceGrouping.Customer, default);
        report.Totals.Single().BucketsMinor.ShouldBe(aged.Totals.BucketsMinor);
        report.Rows.Count(r => r.OverdueMinor > 0).ShouldBe(5);
    }
}
