using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// Issue 15, lists at scale: the invoices and payments lists search "by customer" by finding the customers first
/// (<see cref="CustomerSearch"/>), and fall back to testing the name on the join when too many customers match. Both
/// ways give the same page on both databases; the invoices list states the totals of a selection up to its limit only.
/// </summary>
public sealed class ListSearchTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Searching_by_customer_first_or_on_the_join_gives_the_same_invoices_and_payments(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);

        // A name (any case), a reference, an invoice-number prefix, a payment reference, a payer-less miss.
        foreach (var text in new[] { "dupont", "MATÉRIAUX", "411BERNARD", "FA-2026", "FA-2025-0950", "VIR-0001", "s", "zzz" })
        {
            var query = new InvoiceQuery(text, InvoiceListStatus.All, null, null, null, WebSeed.Today);
            var fast = await InvoiceList.SearchAsync(db, query, InvoiceList.TotalsLimit, CustomerSearch.IdLimit, default);
            var joined = await InvoiceList.SearchAsync(db, query, InvoiceList.TotalsLimit, customerLimit: 0, default);
            fast.Lines.Select(l => l.Number).ShouldBe(joined.Lines.Select(l => l.Number), text);
            fast.Totals.ShouldBe(joined.Totals, text);

            var payments = new PaymentQuery(text, null, null, false);
            var fastPayments = await PaymentList.SearchAsync(db, payments, CustomerSearch.IdLimit, default);
            var joinedPayments = await PaymentList.SearchAsync(db, payments, customerLimit: 0, default);
            fastPayments.Lines.Select(p => p.Reference).ShouldBe(joinedPayments.Lines.Select(p => p.Reference), text);
        }

        var dupont = await InvoiceList.SearchAsync(db, new InvoiceQuery("dupont", InvoiceListStatus.All, null, null, null, WebSeed.Today), default);
        dupont.Lines.Select(l => l.Number).ShouldBe(["FA-2025-0950", "FA-2026-0101", "FA-2026-0142"]);
        var byNumber = await InvoiceList.SearchAsync(db, new InvoiceQuery("FA-2026-01", InvoiceListStatus.All, null, null, null, WebSeed.Today), default);
        byNumber.Lines.Select(l => l.Number).ShouldBe(["FA-2026-0101", "FA-2026-0110", "FA-2026-0120", "FA-2026-0142"], ignoreOrder: true);
        // Whatever the case typed, on both databases (PostgreSQL's LIKE minds the case, SQLite's does not); a LIKE wildcard
        // in the text is a character like any other.
        var lower = await InvoiceList.SearchAsync(db, new InvoiceQuery("fa-2026-01", InvoiceListStatus.All, null, null, null, WebSeed.Today), default);
        lower.Lines.Select(l => l.Number).ShouldBe(byNumber.Lines.Select(l => l.Number));
        lower.Totals.ShouldBe(byNumber.Totals);
        (await InvoiceList.SearchAsync(db, new InvoiceQuery("FA_2026", InvoiceListStatus.All, null, null, null, WebSeed.Today), default)).Lines.ShouldBeEmpty();
        (await InvoiceList.SearchAsync(db, new InvoiceQuery("FA%01", InvoiceListStatus.All, null, null, null, WebSeed.Today), default)).Lines.ShouldBeEmpty();
        (await PaymentList.SearchAsync(db, new PaymentQuery("Dupont", null, null, false), default)).Lines.Single().Reference.ShouldBe("VIR-0001");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_search_counts_the_customers_invoices_and_the_numbers_once_whatever_the_limit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        // Invoices numbered after the text: one of Dupont's (found both ways: counted once) and one of Martin's.
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        foreach (var (customerRef, number) in new[] { ("411DUPONT", "dupont-1"), ("411MARTIN", "dupont-2") })
        {
            var customer = db.Customers.Single(c => c.ExternalRef == customerRef);
            db.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = customer.Id, Number = number, IssueDate = new DateOnly(2026, 2, 2), DueDate = new DateOnly(2026, 3, 4),
                NetMinor = 100_00, TaxMinor = 20_00, GrossMinor = 120_00, Source = "test", CreatedAt = now, UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();

        // Dupont's three invoices, its dupont-1 and Martin's dupont-2: five, whichever way the customers are read, and
        // whichever page asks (a first page that holds everything is its own total; later pages count).
        for (var limit = 1; limit <= 6; limit++)
        {
            foreach (var page in new[] { 1, 2 })
            {
                var query = new InvoiceQuery("dupont", InvoiceListStatus.All, null, null, null, WebSeed.Today, Page: page, PageSize: 2);
                var fast = await InvoiceList.SearchAsync(db, query, limit, CustomerSearch.IdLimit, default);
                var joined = await InvoiceList.SearchAsync(db, query, limit, customerLimit: 0, default);
                fast.MoreThanLimit.ShouldBe(limit < 5, $"limit {limit}, page {page}");
                fast.MoreThanLimit.ShouldBe(joined.MoreThanLimit);
                fast.Totals.ShouldBe(joined.Totals);
                if (limit >= 5)
                {
                    fast.Totals.Single().Count.ShouldBe(5);
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_kept_search_sees_customers_added_renamed_or_removed_by_anyone(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        var query = new InvoiceQuery("zèbre", InvoiceListStatus.All, null, null, null, WebSeed.Today);
        (await InvoiceList.SearchAsync(db, query, default)).Lines.ShouldBeEmpty();
        var before = await CustomerNameVersions.CurrentAsync(db, default);

        // Another context (another request, another process): a new customer and its invoice.
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        var zebre = new Customer { TenantId = tenant.Id, ExternalRef = "411ZEBRE", LegalName = "Zèbre Rayures SARL", CreatedAt = now, UpdatedAt = now };
        await using (var other = database.For(tenant))
        {
            other.Add(zebre);
            other.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = zebre.Id, Number = "FA-Z-1", IssueDate = new DateOnly(2026, 2, 2), DueDate = new DateOnly(2026, 3, 4),
                NetMinor = 100_00, TaxMinor = 20_00, GrossMinor = 120_00, Source = "test", CreatedAt = now, UpdatedAt = now,
            });
            await other.SaveChangesAsync();
        }

        var added = await CustomerNameVersions.CurrentAsync(db, default);
        added.ShouldNotBe(before);
        (await InvoiceList.SearchAsync(db, query, default)).Lines.Select(l => l.Number).ShouldBe(["FA-Z-1"]);
        (await PaymentList.SearchAsync(db, new PaymentQuery("zèbre", null, null, false), default)).Lines.ShouldBeEmpty();

        // A change of another column leaves the number (and the kept answers) alone; a new name moves it.
        await using (var other = database.For(tenant))
        {
            var stored = other.Customers.Single(c => c.Id == zebre.Id);
            stored.Collector = "paul";
            await other.SaveChangesAsync();
            (await CustomerNameVersions.CurrentAsync(db, default)).ShouldBe(added);
            stored.LegalName = "Okapi Rayures SARL";
            await other.SaveChangesAsync();
        }

        (await CustomerNameVersions.CurrentAsync(db, default)).ShouldNotBe(added);
        (await InvoiceList.SearchAsync(db, query, default)).Lines.ShouldBeEmpty();
        (await InvoiceList.SearchAsync(db, query with { Search = "okapi" }, default)).Lines.Select(l => l.Number).ShouldBe(["FA-Z-1"]);

        // A rename rolled back leaves the number as it was, and the name as it was is still found.
        var renamed = await CustomerNameVersions.CurrentAsync(db, default);
        await using (var other = database.For(tenant))
        {
            await using var transaction = await other.Database.BeginTransactionAsync();
            await other.Database.ExecuteSqlAsync($"UPDATE customers SET legal_name = 'Gnou SARL' WHERE external_ref = '411ZEBRE'");
            (await CustomerNameVersions.CurrentAsync(other, default)).ShouldNotBe(renamed);
            await transaction.RollbackAsync();
        }

        (await CustomerNameVersions.CurrentAsync(db, default)).ShouldBe(renamed);
        (await InvoiceList.SearchAsync(db, query with { Search = "okapi" }, default)).Lines.Select(l => l.Number).ShouldBe(["FA-Z-1"]);

        // A statement written by hand (no operation, no EF): the customer and its invoice removed.
        await using (var other = database.For(tenant))
        {
            await other.Database.ExecuteSqlAsync($"DELETE FROM invoices WHERE number = 'FA-Z-1'");
            await other.Database.ExecuteSqlAsync($"DELETE FROM customers WHERE external_ref = '411ZEBRE'");
        }

        (await CustomerNameVersions.CurrentAsync(db, default)).ShouldNotBe(renamed);
        (await CustomerSearch.FindAsync(db, "okapi", default)).Ids.ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_invoices_list_states_the_totals_of_a_selection_up_to_its_limit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        var open = new InvoiceQuery(null, InvoiceListStatus.Open, null, null, null, WebSeed.Today);

        // Seven open invoices: with a limit of seven the totals are given, with six the list says there are more.
        var within = await InvoiceList.SearchAsync(db, open, totalsLimit: 7, CustomerSearch.IdLimit, default);
        within.MoreThanLimit.ShouldBeFalse();
        within.Totals.Single().Count.ShouldBe(7);
        within.Totals.Single().OpenMinor.ShouldBe(within.Lines.Sum(l => l.OpenMinor));
        var beyond = await InvoiceList.SearchAsync(db, open, totalsLimit: 6, CustomerSearch.IdLimit, default);
        beyond.MoreThanLimit.ShouldBeTrue();
        beyond.Totals.ShouldBeEmpty();
        beyond.Lines.Select(l => l.Number).ShouldBe(within.Lines.Select(l => l.Number));
    }
}
