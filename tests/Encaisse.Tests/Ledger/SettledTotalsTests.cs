using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Ledger.Storage;
using Encaisse.Tests.Reporting;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// invoices.settled_minor stays equal to the sum of the document's allocations whatever writes them (EF insert,
/// update, delete, raw SQL, negative reversal), on both databases; the reports read it correctly for past dates.
/// </summary>
public sealed class SettledTotalsTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Triggers_keep_the_totals_equal_to_the_allocations(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant, invoiceCount: 60);
        (await DriftAsync(db)).ShouldBeEmpty();
        (await TotalAsync(db)).ShouldBeGreaterThan(0);

        // EF update of an amount, EF delete, a negative reversal (direct-debit return), raw SQL insert.
        var allocations = await db.Allocations.OrderBy(a => a.Id).ToListAsync();
        allocations[0].AmountMinor -= 1;
        db.Remove(allocations[1]);
        db.Add(new Allocation
        {
            TenantId = tenant.Id, InvoiceId = allocations[2].InvoiceId, PaymentId = allocations[2].PaymentId, CreditNoteId = allocations[2].CreditNoteId,
            AmountMinor = -allocations[2].AmountMinor, AllocatedOn = allocations[2].AllocatedOn.AddDays(9), CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        var invoiceId = allocations[3].InvoiceId;
        var id = provider == "sqlite" ? Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid().ToString();
        var invoice = provider == "sqlite" ? invoiceId.ToString().ToUpperInvariant() : invoiceId.ToString();
        var cast = provider == "sqlite" ? "" : "::uuid";
        var tenantText = provider == "sqlite" ? tenant.Id.ToString().ToUpperInvariant() : tenant.Id.ToString();
        var insert = $"INSERT INTO allocations (id, tenant_id, invoice_id, amount_minor, allocated_on, source, created_at) " +
            $"VALUES ('{id}'{cast}, '{tenantText}'{cast}, '{invoice}'{cast}, 1, '2026-01-02', 'sql', '2026-01-02T00:00:00Z')";
        await db.Database.ExecuteSqlRawAsync(insert);
        (await DriftAsync(db)).ShouldBeEmpty();

        // A wrong total is repaired by the recompute (what a bulk load with the trigger disabled calls).
        await db.Database.ExecuteSqlRawAsync("UPDATE invoices SET settled_minor = settled_minor + 7");
        (await DriftAsync(db)).ShouldNotBeEmpty();
        await SettledTotals.RecomputeAsync(db, default);
        (await DriftAsync(db)).ShouldBeEmpty();

        // And the reports, read through the totals, still equal the pure calculation from the allocations.
        var portfolio = await PortfolioLoader.LoadAsync(db, default);
        foreach (var asOf in new DateOnly[] { new(2025, 2, 1), new(2025, 9, 30), new(2026, 6, 30) })
        {
            var expected = AgedBalance.Compute(portfolio, asOf, AgingBuckets.Default, AgedBalanceGrouping.Customer);
            var actual = await AgedBalanceQuery.RunAsync(db, asOf, AgingBuckets.Default, AgedBalanceGrouping.Customer, default);
            actual.Totals.Select(t => string.Join(',', t.BucketsMinor) + "|" + t.CreditsMinor)
                .ShouldBe(expected.Totals.Select(t => string.Join(',', t.BucketsMinor) + "|" + t.CreditsMinor), asOf.ToString());
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_invoice_with_its_allocations_leaves_the_others_right(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant, invoiceCount: 30);
        var paid = await db.Allocations.Where(a => a.CreditNoteId == null).Select(a => a.InvoiceId).FirstAsync();
        await db.Invoices.Where(i => i.Id == paid).ExecuteDeleteAsync();
        (await DriftAsync(db)).ShouldBeEmpty();
    }

    /// <summary>Documents whose settled total differs from the sum of their allocations.</summary>
    private static async Task<List<string>> DriftAsync(Encaisse.Storage.EncaisseDb db) =>
        await db.Database.SqlQueryRaw<string>("""
            SELECT i.number AS "Value" FROM invoices i
            WHERE i.settled_minor <> COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0)
                                   + COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.credit_note_id = i.id), 0)
            """).ToListAsync();

    private static async Task<long> TotalAsync(Encaisse.Storage.EncaisseDb db) =>
        await db.Database.SqlQueryRaw<long>("SELECT CAST(COALESCE(SUM(settled_minor), 0) AS BIGINT) AS \"Value\" FROM invoices").SingleAsync();
}
