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
    public async Task A_text_search_in_name_order_pages_its_kept_matches_and_sees_new_names_and_sirens(string provider)
    {
        var (database, tenant, _) = await SeedAsync(provider);
        await using var _d = database;
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        // Two customers of the same name (ordered by id), the text at the start or the end of a name, and in a reference.
        var customers = new[] { ("411C1", "Alpha Conseil"), ("411C2", "Alpha Conseil"), ("411C3", "Conseil Alpha"), ("411C4", "Conseil Beta"), ("411CONSEIL", "Gamma SA") }
            .Select(c => new Customer { TenantId = tenant.Id, ExternalRef = c.Item1, LegalName = c.Item2, CreatedAt = now, UpdatedAt = now }).ToList();
        await using (var db = database.For(tenant))
        {
            db.AddRange(customers);
            await db.SaveChangesAsync();
        }

        var whole = await Search(database, tenant, new CustomerQuery(Search: "conseil"));
        whole.Lines.Select(l => l.ExternalRef).Skip(2).ShouldBe(["411C3", "411C4", "411CONSEIL"]);
        whole.Lines.Take(2).Select(l => l.ExternalRef).ShouldBe(["411C1", "411C2"], ignoreOrder: true);
        whole.HasNext.ShouldBeFalse();
        // The balances are read for the page as on every list page (nothing is invoiced to these customers).
        whole.Lines.ShouldAllBe(l => l.OpenMinor == 0 && l.OldestDue == null);
        var paged = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var lines = await Search(database, tenant, new CustomerQuery(Search: " Conseil ", Page: page, PageSize: 2));
            paged.AddRange(lines.Lines.Select(l => l.ExternalRef));
            lines.HasNext.ShouldBe(page < 3);
        }

        paged.ShouldBe(whole.Lines.Select(l => l.ExternalRef));
        (await Search(database, tenant, new CustomerQuery(Search: "conseil", Page: 4, PageSize: 2))).Lines.ShouldBeEmpty();

        // Written by another context (another request or process): a new name and a new SIREN are found at once.
        (await Search(database, tenant, new CustomerQuery(Search: "123 456 789"))).Lines.ShouldBeEmpty();
        await using (var other = database.For(tenant))
        {
            var gamma = other.Customers.Single(c => c.ExternalRef == "411CONSEIL");
            gamma.LegalName = "Aardvark Conseil";
            other.Customers.Single(c => c.ExternalRef == "411C4").Siren = "123456789";
            await other.SaveChangesAsync();
        }

        (await Search(database, tenant, new CustomerQuery(Search: "conseil"))).Lines.Select(l => l.ExternalRef).First().ShouldBe("411CONSEIL");
        (await Search(database, tenant, new CustomerQuery(Search: "123 456 789"))).Lines.Single().ExternalRef.ShouldBe("411C4");
        // Another filter or order reads the list the long way: the same customers.
        (await Search(database, tenant, new CustomerQuery(Search: "conseil", Sort: CustomerSort.Name, Descending: true))).Lines.Select(l => l.ExternalRef)
            .ShouldBe((await Search(database, tenant, new CustomerQuery(Search: "conseil"))).Lines.Select(l => l.ExternalRef).Reverse(), ignoreOrder: true);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_by_amount_follow_each_other_whether_ranked_on_the_snapshot_or_joined(string provider)
    {
        var (database, tenant, seed) = await SeedAsync(provider);
        await using var _d = database;
        // Two more customers owing exactly what Leroy owes (a tie the ranking orders by id), and one owing nothing.
        await using (var db = database.For(tenant))
        {
            var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
            foreach (var (reference, name, owes) in new[] { ("411TIE1", "Zèbre Conseil", true), ("411TIE2", "Abeille Conseil", true), ("411ZERO", "Néant SA", false) })
            {
                var customer = new Customer { TenantId = tenant.Id, ExternalRef = reference, LegalName = name, CreatedAt = now, UpdatedAt = now };
                db.Add(customer);
                if (owes)
                {
                    db.Add(new Invoice
                    {
                        TenantId = tenant.Id, CustomerId = customer.Id, Number = "FA-TIE-" + reference, IssueDate = new DateOnly(2026, 1, 20),
                        DueDate = new DateOnly(2026, 2, 19), NetMinor = 2_625_63, TaxMinor = 525_12, GrossMinor = 3_150_75, Source = "test", CreatedAt = now, UpdatedAt = now,
                    });
                }
            }

            await db.SaveChangesAsync();
        }

        foreach (var sort in new[] { CustomerSort.Overdue, CustomerSort.Open })
        {
            // One page of everything (joined: it goes past the customers with an amount) against pages of two, the first
            // ones ranked on the snapshot alone, the last ones joined.
            var all = (await Search(database, tenant, new CustomerQuery(Sort: sort, Descending: true))).Lines.Select(l => l.ExternalRef).ToList();
            all.Count.ShouldBe(8);
            all[^1].ShouldBe("411ZERO");
            var paged = new List<string>();
            for (var page = 1; page <= 4; page++)
            {
                var lines = await Search(database, tenant, new CustomerQuery(Sort: sort, Descending: true, Page: page, PageSize: 2));
                paged.AddRange(lines.Lines.Select(l => l.ExternalRef));
                lines.HasNext.ShouldBe(page < 4);
            }

            paged.ShouldBe(all, sort.ToString());

            // The same pages in the kept ranking's order (the page's own ranking when the kept one runs out).
            var rankings = new CustomerRankings(database.Factory, TimeProvider.System);
            var kept = new List<string>();
            for (var page = 1; page <= 4; page++)
            {
                await using var db = database.For(tenant);
                var lines = await CustomerDirectory.SearchAsync(db, tenant.Id, "EUR", WebSeed.Today,
                    new CustomerQuery(Sort: sort, Descending: true, Page: page, PageSize: 2), rankings, default);
                kept.AddRange(lines.Lines.Select(l => l.ExternalRef));
                lines.HasNext.ShouldBe(page < 4);
                (lines.RankedAt is not null).ShouldBe(page < 4, $"page {page}: ranked customers fill pages 1-3, the last one goes past them");
            }

            kept.ShouldBe(all, sort.ToString() + " kept");
            var ties = all.Where(r => r is "411LEROY" or "411TIE1" or "411TIE2").ToList();
            ties.Count.ShouldBe(3);
            (all.IndexOf(ties[2]) - all.IndexOf(ties[0])).ShouldBe(2);
        }

        // A filter on the customers reads the joined form; its order is the same.
        var btp = await Search(database, tenant, new CustomerQuery(Segment: "BTP", Sort: CustomerSort.Overdue, Descending: true));
        btp.Lines.Select(l => l.ExternalRef).ShouldBe(["411LEROY", "411DUPONT"]);
        _ = seed;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_kept_ranking_keeps_its_order_not_its_amounts_until_it_is_refreshed(string provider)
    {
        var (database, tenant, _) = await SeedAsync(provider);
        await using var _d = database;
        var noon = new DateTimeOffset(2026, 3, 16, 12, 0, 0, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(noon);
        var rankings = new CustomerRankings(database.Factory, clock);
        var query = new CustomerQuery(OverdueOnly: true, Sort: CustomerSort.Overdue, Descending: true, PageSize: 3);
        async Task<CustomerPage> Page()
        {
            await using var db = database.For(tenant);
            return await CustomerDirectory.SearchAsync(db, tenant.Id, "EUR", WebSeed.Today, query, rankings, default);
        }

        var before = await Page();
        before.Lines.Select(l => l.ExternalRef).ShouldBe(["411MARTIN", "411GARNIER", "411LEROY"]);
        before.RankedAt.ShouldBe(noon);

        // Bernard, last, now owes the most: a large invoice long overdue.
        await using (var db = database.For(tenant))
        {
            var bernard = db.Customers.Single(c => c.ExternalRef == "411BERNARD");
            db.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = bernard.Id, Number = "FA-BIG-1", IssueDate = new DateOnly(2026, 1, 2), DueDate = new DateOnly(2026, 2, 1),
                NetMinor = 50_000_00, TaxMinor = 10_000_00, GrossMinor = 60_000_00, Source = "test", CreatedAt = noon, UpdatedAt = noon,
            });
            await db.SaveChangesAsync();
        }

        // Within the keep time: the same order, the amounts of today (Garnier's are read afresh, unchanged).
        clock.Advance(TimeSpan.FromSeconds(10));
        var kept = await Page();
        kept.RankedAt.ShouldBe(noon);
        kept.Lines.Select(l => l.ExternalRef).ShouldBe(["411MARTIN", "411GARNIER", "411LEROY"]);
        kept.Lines.Select(l => l.OverdueMinor).ShouldBe(before.Lines.Select(l => l.OverdueMinor));

        // Past it: the old order once more while the ranking is computed again, then Bernard first.
        clock.Advance(CustomerRankings.ShortestKeep);
        var page = await Page();
        for (var attempt = 0; attempt < 600 && page.RankedAt == noon; attempt++)
        {
            await Task.Delay(50);
            page = await Page();
        }

        page.RankedAt.ShouldBe(noon.Add(TimeSpan.FromSeconds(10) + CustomerRankings.ShortestKeep));
        page.Lines[0].ExternalRef.ShouldBe("411BERNARD");
        page.Lines[0].OverdueMinor.ShouldBeGreaterThan(60_000_00);

        // Another day is ranked before it is shown, never answered with the day before's order.
        var tomorrow = await rankings.GetAsync(tenant.Id, "EUR", WebSeed.Today.AddDays(1), CustomerSort.Overdue, default);
        tomorrow.AsOf.ShouldBe(WebSeed.Today.AddDays(1));
    }

    [Fact]
    public void A_ranking_is_kept_twenty_times_what_it_took_between_fifteen_seconds_and_two_minutes()
    {
        CustomerRankings.KeepFor(TimeSpan.FromMilliseconds(50)).ShouldBe(TimeSpan.FromSeconds(15));
        CustomerRankings.KeepFor(TimeSpan.FromSeconds(3)).ShouldBe(TimeSpan.FromSeconds(60));
        CustomerRankings.KeepFor(TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromMinutes(2));
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
