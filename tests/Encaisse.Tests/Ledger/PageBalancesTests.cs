using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Encaisse.Tests.Reporting;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// The customers list's balances read for the whole page at once equal the customer position read customer by
/// customer (payments, credit notes, cancellations, a second currency, instalments, dates in the past), on both databases.
/// </summary>
public sealed class PageBalancesTests
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Page_balances_equal_the_per_customer_positions(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant);
        await AddInstalmentInvoiceAsync(db, tenant);
        var ids = await db.Customers.Select(c => c.Id).ToListAsync();
        ids.Count.ShouldBe(8);

        var nonEmpty = 0;
        foreach (var asOf in new[] { new DateOnly(2025, 3, 15), new DateOnly(2025, 12, 31), new DateOnly(2026, 4, 20), Today })
        {
            var page = await PageBalances.OfAsync(db, ids, asOf, default);
            foreach (var id in ids)
            {
                var expected = await LedgerQueries.BalancesAsync(db, id, asOf, default);
                (page.GetValueOrDefault(id) ?? []).ShouldBe(expected, $"{id} on {asOf}");
                nonEmpty += expected.Count;
            }
        }

        nonEmpty.ShouldBeGreaterThan(20);
        (await PageBalances.OfAsync(db, [], Today, default)).ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Customers_api_list_equals_each_customer_read_alone(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(new DateOnly(2026, 4, 20)));
        await using (var db = server.Database.For(server.Tenant))
        {
            await ReportingLedger.SeedAsync(db, server.Tenant);
            await AddInstalmentInvoiceAsync(db, server.Tenant);
        }

        var list = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers?pageSize=5&sort=ref");
        var pageTwo = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers?pageSize=5&page=2&sort=ref");
        var items = list.GetProperty("items").EnumerateArray().Concat(pageTwo.GetProperty("items").EnumerateArray()).ToList();
        items.Count.ShouldBe(8);
        foreach (var item in items)
        {
            var reference = item.GetProperty("ref").GetString()!;
            var alone = await server.Api.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{Uri.EscapeDataString(reference)}");
            item.GetProperty("balances").GetRawText().ShouldBe(alone.GetProperty("balances").GetRawText(), reference);
        }

        items.Count(i => i.GetProperty("balances").GetArrayLength() > 0).ShouldBeGreaterThan(5);
    }

    /// <summary>An invoice in three instalments, the first overdue, the last not yet due: its overdue part comes from each instalment.</summary>
    private static async Task AddInstalmentInvoiceAsync(EncaisseDb db, Tenant tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer { TenantId = tenant.Id, ExternalRef = "411ECHEANCES", LegalName = "Client à échéances", CreatedAt = now, UpdatedAt = now };
        var invoice = new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Number = "F-ECH", IssueDate = new DateOnly(2026, 2, 1), DueDate = new DateOnly(2026, 9, 30),
            Currency = "EUR", GrossMinor = 3_000_00, NetMinor = 3_000_00, CreatedAt = now, UpdatedAt = now,
        };
        invoice.Instalments.Add(new Instalment { TenantId = tenant.Id, InvoiceId = invoice.Id, Sequence = 1, DueDate = new DateOnly(2026, 3, 31), AmountMinor = 1_000_00 });
        invoice.Instalments.Add(new Instalment { TenantId = tenant.Id, InvoiceId = invoice.Id, Sequence = 2, DueDate = new DateOnly(2026, 6, 30), AmountMinor = 1_000_00 });
        invoice.Instalments.Add(new Instalment { TenantId = tenant.Id, InvoiceId = invoice.Id, Sequence = 3, DueDate = new DateOnly(2026, 9, 30), AmountMinor = 1_000_00 });
        db.AddRange(customer, invoice);
        await db.SaveChangesAsync();
    }
}
