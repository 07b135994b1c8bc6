using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// Issue 15, ADR 1552: the invoices list (page and API) filters, counts, orders and cuts its page on the invoices
/// alone and joins only the customers of the rows it shows; its totals come from the page when the page holds the
/// whole selection; the payments page adds up unapplied cash in the application. Each new form gives what the old
/// form (the customer join before the cut, the SQL sum) gave, on data where they could differ: ties on the due date,
/// paging, credit notes, cancelled and future invoices, collectors, another tenant with the same names.
/// </summary>
public sealed class ListPagingTests
{
    private static readonly DateOnly Today = WebSeed.Today;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_invoices_list_cut_before_the_customer_join_reads_what_the_join_read(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await SeedAsync(database);
        await using var db = database.For(tenant);

        var statuses = Enum.GetValues<InvoiceListStatus>();
        foreach (var status in statuses)
        {
            foreach (var collector in new[] { null, "marie", "paul" })
            {
                foreach (var search in new[] { null, "dupont", "FA-2026", "411BERNARD", "zzz" })
                {
                    var label = $"{status} {collector} {search}";
                    var expected = await Old(db, status, collector, search).ToListAsync();
                    var whole = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, collector, null, null, Today), default);
                    whole.Lines.ShouldBe(expected.Take(50).ToList(), label);

                    // Page by page, three at a time (the ties on the due date fall across pages).
                    var read = new List<InvoiceLine>();
                    for (var page = 1; page <= 10; page++)
                    {
                        var cut = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, collector, null, null, Today, Page: page, PageSize: 3), default);
                        read.AddRange(cut.Lines);
                        cut.HasNext.ShouldBe(expected.Count > page * 3, label);
                        if (!cut.HasNext)
                        {
                            break;
                        }
                    }

                    read.ShouldBe(expected, label);
                    var export = await InvoiceList.ExportAsync(db, new InvoiceQuery(search, status, collector, null, null, Today), default);
                    export.Select(r => (string)r["number"]!).ShouldBe(expected.Select(l => l.Number), label);
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Totals_read_from_the_page_or_counted_in_the_database_are_the_same(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await SeedAsync(database);
        await using var db = database.For(tenant);

        foreach (var status in Enum.GetValues<InvoiceListStatus>())
        {
            foreach (var search in new[] { null, "dupont", "FA-2026" })
            {
                var label = $"{status} {search}";
                var expected = (await Old(db, status, null, search).ToListAsync())
                    .GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Count(), g.Sum(l => l.OpenMinor))).ToList();
                // The whole selection on the first page (totals from the page) and one invoice a page (counted in SQL).
                var fromPage = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, null, null, null, Today), default);
                var counted = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, null, null, null, Today, PageSize: 1), default);
                var second = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, null, null, null, Today, Page: 2, PageSize: 1), default);
                fromPage.Totals.ShouldBe(expected, label);
                counted.Totals.ShouldBe(expected, label);
                second.Totals.ShouldBe(expected, label);
                fromPage.Limit.ShouldBe(InvoiceList.ShownTotalsLimit);

                var asked = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, null, null, null, Today, PageSize: 1, Totals: InvoiceTotals.Asked), default);
                asked.Totals.ShouldBe(expected, label);
                asked.Limit.ShouldBe(InvoiceList.TotalsLimit);
                var none = await InvoiceList.SearchAsync(db, new InvoiceQuery(search, status, null, null, null, Today, Totals: InvoiceTotals.None), default);
                none.Totals.ShouldBeEmpty();
                none.MoreThanLimit.ShouldBeFalse();
                none.Lines.ShouldBe(fromPage.Lines);
            }
        }

        // Beyond the limit, from the page and counted alike: "more than".
        var all = await Old(db, InvoiceListStatus.All, null, null).CountAsync();
        (await InvoiceList.SearchAsync(db, new InvoiceQuery(null, InvoiceListStatus.All, null, null, null, Today), all - 1, CustomerSearch.IdLimit, default))
            .MoreThanLimit.ShouldBeTrue();
        (await InvoiceList.SearchAsync(db, new InvoiceQuery(null, InvoiceListStatus.All, null, null, null, Today, PageSize: 2), all - 1, CustomerSearch.IdLimit, default))
            .MoreThanLimit.ShouldBeTrue();
        (await InvoiceList.SearchAsync(db, new InvoiceQuery(null, InvoiceListStatus.All, null, null, null, Today, PageSize: 2), all, CustomerSearch.IdLimit, default))
            .Totals.Sum(t => t.Count).ShouldBe(all);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Customers_found_once_give_the_lists_what_they_find_themselves(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await SeedAsync(database);
        await using var db = database.For(tenant);

        foreach (var text in new[] { "dupont", " Dupont ", "411BERNARD", "FA-2026", "VIR-0001", "zzz" })
        {
            var named = await CustomerSearch.FindAsync(db, text, default);
            var query = new InvoiceQuery(text, InvoiceListStatus.All, null, null, null, Today);
            (await InvoiceList.SearchAsync(db, query, named, default)).Lines.ShouldBe((await InvoiceList.SearchAsync(db, query, default)).Lines, text);
            var payments = new PaymentQuery(text, null, null, false);
            (await PaymentList.SearchAsync(db, payments, named, default)).Lines.ShouldBe((await PaymentList.SearchAsync(db, payments, default)).Lines, text);
        }

        // Matches found for another text are not used for this one.
        var other = await CustomerSearch.FindAsync(db, "bernard", default);
        var dupont = new InvoiceQuery("dupont", InvoiceListStatus.All, null, null, null, Today);
        (await InvoiceList.SearchAsync(db, dupont, other, default)).Lines.ShouldBe((await InvoiceList.SearchAsync(db, dupont, default)).Lines);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unapplied_cash_added_up_in_the_application_is_the_sum_sql_gave(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await SeedAsync(database);
        await using var db = database.For(tenant);

        foreach (var currency in new[] { "EUR", "USD", "GBP" })
        {
            var expected = await db.Payments.AsNoTracking()
                .Where(p => p.Currency == currency && p.AmountMinor > EF.Property<long>(p, "AllocatedMinor"))
                .GroupBy(_ => 1)
                .Select(g => new { Total = g.Sum(p => p.AmountMinor - EF.Property<long>(p, "AllocatedMinor")), Count = g.Count() })
                .FirstOrDefaultAsync();
            var cash = await PaymentList.UnappliedAsync(db, currency, default);
            cash.CustomerCreditMinor.ShouldBe(expected?.Total ?? 0, currency);
            cash.CustomerCreditPayments.ShouldBe(expected?.Count ?? 0, currency);
        }

        // VIR-0002 (1,000.00, 250.00 applied) and the unidentified VIR-0003 (90.00); VIR-0001 is fully applied; the
        // other tenant's payments are not counted.
        var eur = await PaymentList.UnappliedAsync(db, "EUR", default);
        eur.CustomerCreditMinor.ShouldBe(750_00 + 90_00);
        eur.CustomerCreditPayments.ShouldBe(2);
        (await PaymentList.UnappliedAsync(db, "USD", default)).CustomerCreditMinor.ShouldBe(55_00);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_invoices_api_cut_before_the_customer_join_reads_what_the_join_read(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(Today));
        await SeedAsync(server.Database, server.Tenant);
        await using var db = server.Database.For(server.Tenant);

        var all = await (from i in db.Invoices.AsNoTracking()
                         join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                         select new { i.Number, i.Kind, i.DueDate, i.IssueDate, i.GrossMinor, Settled = EF.Property<long>(i, "SettledMinor"), i.CancelledOn, c.ExternalRef })
            .ToListAsync();
        foreach (var (sort, filter) in new[]
                 {
                     ("due", ""), ("-due", ""), ("number", ""), ("-number", ""), ("issue", ""), ("-issue", ""), ("amount", ""), ("-amount", ""),
                     ("due", "&status=overdue"), ("due", "&customer=411DUPONT"), ("-amount", "&kind=creditNote"), ("due", "&status=open&customer=411MARTIN"),
                 })
        {
            // The old form, ordered by the database (its collation) through the same sort on the joined rows.
            var expected = await Expected(db, sort, filter);
            var read = new List<string>();
            var total = -1;
            for (var page = 1; page <= 10; page++)
            {
                var body = await server.Api.GetFromJsonAsync<JsonElement>($"/api/v1/invoices?sort={sort}&pageSize=3&page={page}{filter}");
                total = body.GetProperty("total").GetInt32();
                var items = body.GetProperty("items").EnumerateArray().ToList();
                items.ShouldAllBe(item => all.Any(a => a.Number == item.GetProperty("number").GetString() && a.ExternalRef == item.GetProperty("customerRef").GetString()));
                read.AddRange(items.Select(item => item.GetProperty("number").GetString()!));
                if (items.Count < 3)
                {
                    break;
                }
            }

            read.ShouldBe(expected, $"{sort}{filter}");
            total.ShouldBe(expected.Count, $"{sort}{filter}");
        }
    }

    /// <summary>The numbers the API listed before ADR 1552: customer joined first, filtered, then sorted and cut.</summary>
    private static async Task<List<string>> Expected(EncaisseDb db, string sort, string filter)
    {
        var rows = from i in db.Invoices.AsNoTracking()
                   join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                   select new { Invoice = i, Settled = EF.Property<long>(i, "SettledMinor"), c.ExternalRef };
        if (filter.Contains("status=overdue", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.Invoice.CancelledOn == null && r.Settled < r.Invoice.GrossMinor && r.Invoice.DueDate < Today);
        }

        if (filter.Contains("status=open", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.Invoice.CancelledOn == null && r.Settled < r.Invoice.GrossMinor);
        }

        if (filter.Contains("customer=411DUPONT", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.ExternalRef == "411DUPONT");
        }

        if (filter.Contains("customer=411MARTIN", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.ExternalRef == "411MARTIN");
        }

        if (filter.Contains("kind=creditNote", StringComparison.Ordinal))
        {
            rows = rows.Where(r => r.Invoice.Kind == DocumentKind.CreditNote);
        }

        rows = sort switch
        {
            "number" => rows.OrderBy(r => r.Invoice.Number),
            "-number" => rows.OrderByDescending(r => r.Invoice.Number),
            "issue" => rows.OrderBy(r => r.Invoice.IssueDate).ThenBy(r => r.Invoice.Number),
            "-issue" => rows.OrderByDescending(r => r.Invoice.IssueDate).ThenBy(r => r.Invoice.Number),
            "amount" => rows.OrderBy(r => r.Invoice.GrossMinor).ThenBy(r => r.Invoice.Number),
            "-amount" => rows.OrderByDescending(r => r.Invoice.GrossMinor).ThenBy(r => r.Invoice.Number),
            "-due" => rows.OrderByDescending(r => r.Invoice.DueDate).ThenBy(r => r.Invoice.Number),
            _ => rows.OrderBy(r => r.Invoice.DueDate).ThenBy(r => r.Invoice.Number),
        };
        return await rows.Select(r => r.Invoice.Number).ToListAsync();
    }

    /// <summary>The invoices list as it read before ADR 1552: every invoice joined to its customer, then filtered, ordered and cut.</summary>
    private static IQueryable<InvoiceLine> Old(EncaisseDb db, InvoiceListStatus status, string? collector, string? search)
    {
        var rows = from i in db.Invoices.AsNoTracking().Where(i => i.Kind == DocumentKind.Invoice)
                   join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                   select new { i, c };
        rows = status switch
        {
            InvoiceListStatus.Open => rows.Where(x => x.i.CancelledOn == null && x.i.IssueDate <= Today && x.i.GrossMinor > EF.Property<long>(x.i, "SettledMinor")),
            InvoiceListStatus.Overdue => rows.Where(x => x.i.CancelledOn == null && x.i.IssueDate <= Today && x.i.DueDate < Today && x.i.GrossMinor > EF.Property<long>(x.i, "SettledMinor")),
            InvoiceListStatus.NotDue => rows.Where(x => x.i.CancelledOn == null && x.i.IssueDate <= Today && x.i.DueDate >= Today && x.i.GrossMinor > EF.Property<long>(x.i, "SettledMinor")),
            InvoiceListStatus.Paid => rows.Where(x => x.i.CancelledOn == null && x.i.GrossMinor <= EF.Property<long>(x.i, "SettledMinor")),
            InvoiceListStatus.Cancelled => rows.Where(x => x.i.CancelledOn != null),
            _ => rows,
        };
        if (collector is not null)
        {
            rows = rows.Where(x => x.c.Collector == collector);
        }

        if (search is not null)
        {
            var lower = search.ToLowerInvariant();
            rows = rows.Where(x => x.i.Number.StartsWith(search) || x.c.ExternalRef == search || x.c.LegalName.ToLower().Contains(lower));
        }

        return rows.OrderBy(x => x.i.DueDate).ThenBy(x => x.i.Number)
            .Select(x => new InvoiceLine(x.i.Id, x.i.Number, x.c.Id, x.c.ExternalRef, x.c.LegalName, x.c.Collector, x.i.IssueDate, x.i.DueDate,
                x.i.Currency, x.i.GrossMinor, x.i.GrossMinor - EF.Property<long>(x.i, "SettledMinor"), x.i.CancelledOn));
    }

    private static async Task<Tenant> SeedAsync(TestDatabase database)
    {
        var tenant = await database.AddTenantAsync();
        await SeedAsync(database, tenant);
        return tenant;
    }

    /// <summary>
    /// The web seed, then invoices that tie on one due date across customers and currencies (numbers not in the order
    /// they were written), a credit note and a cancelled invoice on that date, an invoice issued after today, a part-paid
    /// invoice, unapplied payments in two currencies and an unidentified one; and another tenant with the same seed.
    /// </summary>
    private static async Task SeedAsync(TestDatabase database, Tenant tenant)
    {
        var seeded = await WebSeed.AddAsync(database.Factory, tenant);
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        var other = await database.AddTenantAsync("other");
        await using (var elsewhere = database.For(other))
        {
            // The same references, names, numbers and dates in another tenant: nothing of it may show.
            var twin = new Customer { TenantId = other.Id, ExternalRef = "411DUPONT", LegalName = "Dupont Matériaux SARL", Collector = "marie", CreatedAt = now, UpdatedAt = now };
            elsewhere.Add(twin);
            elsewhere.AddRange(new[] { "FA-2026-0101", "FA-2026-0503", "FA-2026-0950" }.Select(n => new Invoice
            {
                TenantId = other.Id, CustomerId = twin.Id, Number = n, IssueDate = new DateOnly(2026, 1, 2), DueDate = new DateOnly(2026, 2, 1),
                NetMinor = 10_00, GrossMinor = 10_00, Source = "test", CreatedAt = now, UpdatedAt = now,
            }));
            elsewhere.Add(new Payment { TenantId = other.Id, CustomerId = twin.Id, Reference = "VIR-0002", ReceivedOn = new DateOnly(2026, 2, 5), AmountMinor = 5_00, CreatedAt = now });
            await elsewhere.SaveChangesAsync();
        }

        await using var db = database.For(tenant);
        var customers = await db.Customers.OrderBy(c => c.ExternalRef).ToListAsync();
        var tie = new DateOnly(2026, 2, 1);
        Invoice I(Customer c, string number, DateOnly issued, DateOnly due, long gross, string currency = "EUR", DocumentKind kind = DocumentKind.Invoice) => new()
        {
            TenantId = tenant.Id, CustomerId = c.Id, Number = number, Kind = kind, IssueDate = issued, DueDate = due, Currency = currency,
            NetMinor = gross, GrossMinor = gross, Source = "test", CreatedAt = now, UpdatedAt = now,
        };
        var numbers = new[] { "FA-2026-0507", "FA-2026-0502", "FA-2026-0509", "FA-2026-0501", "FA-2026-0505", "FA-2026-0503", "FA-2026-0508", "FA-2026-0504" };
        var ties = numbers.Select((n, k) => I(customers[k % customers.Count], n, new DateOnly(2026, 1, 2), tie, 100_00 * (k + 1), k == 3 ? "USD" : "EUR")).ToList();
        db.AddRange(ties);
        db.Add(I(seeded.Dupont, "AV-2026-0001", new DateOnly(2026, 1, 2), tie, 50_00, kind: DocumentKind.CreditNote));
        var cancelled = I(seeded.Bernard, "FA-2026-0506", new DateOnly(2026, 1, 2), tie, 70_00);
        cancelled.CancelledOn = new DateOnly(2026, 1, 20);
        db.Add(cancelled);
        db.Add(I(seeded.Dupont, "FA-2026-0900", Today.AddDays(3), Today.AddDays(33), 990_00));
        var paid = new Payment { TenantId = tenant.Id, CustomerId = seeded.Dupont.Id, Reference = "VIR-0002", ReceivedOn = new DateOnly(2026, 2, 5), AmountMinor = 1_000_00, CreatedAt = now };
        db.AddRange(paid,
            new Payment { TenantId = tenant.Id, Reference = "VIR-0003", ReceivedOn = new DateOnly(2026, 2, 6), AmountMinor = 90_00, PayerName = "M. DUPONT", CreatedAt = now },
            new Payment { TenantId = tenant.Id, CustomerId = seeded.Bernard.Id, Reference = "VIR-0004", ReceivedOn = new DateOnly(2026, 2, 7), AmountMinor = 55_00, Currency = "USD", CreatedAt = now });
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = ties[0].Id, PaymentId = paid.Id, AmountMinor = 100_00, AllocatedOn = paid.ReceivedOn, CreatedAt = now });
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = ties[1].Id, PaymentId = paid.Id, AmountMinor = 150_00, AllocatedOn = paid.ReceivedOn, CreatedAt = now });
        await db.SaveChangesAsync();
    }
}
