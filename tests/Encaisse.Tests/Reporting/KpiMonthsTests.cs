using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Scheduling;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>
/// The KPI trend kept per closed month (ADR 1510): the stored trend equals the live computation, and a backdated write
/// makes exactly the months it touches stale until the next refresh recomputes them — on SQLite and PostgreSQL.
/// </summary>
public sealed class KpiMonthsTests
{
    private static readonly DateOnly Today = new(2026, 7, 15);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_trend_equals_the_live_one_and_a_backdated_write_is_recomputed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var seed = database.For(tenant))
        {
            await ReportingLedger.SeedAsync(seed, tenant);
        }

        await using var db = database.For(tenant);
        var first = await KpiMonths.RefreshAsync(db, Today, default);
        first.ShouldBe(new KpiMonthsRefresh(11, 11, 0, 0));
        (await KpiMonths.RefreshAsync(db, Today, default)).ShouldBe(new KpiMonthsRefresh(11, 0, 11, 0), "nothing changed: nothing computed again");
        var closed = KpiCalculator.TrendDates(Today, 12).Where(d => d < Today).ToList();
        (await KpiMonths.ReadAsync(db, closed, KpiOptions.Default, default)).Count.ShouldBe(11, "every closed month is read from the store");
        (await KpiMonths.ReadAsync(db, closed, KpiOptions.Default with { WindowMonths = 6 }, default)).ShouldBeEmpty("other options are computed live");
        var before = await AssertStoredEqualsLiveAsync(db);

        // A payment received today on an old invoice: its settled total changes, but no closed month does.
        var open = await OpenInvoiceAsync(db, new DateOnly(2026, 3, 10));
        await AddPaymentAsync(db, tenant, open, Today, 1_00);
        (await KpiMonths.ListAsync(db, default)).ShouldAllBe(m => m.Fresh);

        // A payment dated 10 March 2026, written today: March to June are stale, the months before stay fresh.
        await AddPaymentAsync(db, tenant, open, new DateOnly(2026, 3, 10), 500_00);
        var stale = (await KpiMonths.ListAsync(db, default)).Where(m => !m.Fresh).Select(m => m.MonthEnd).ToList();
        stale.ShouldBe([new(2026, 3, 31), new(2026, 4, 30), new(2026, 5, 31), new(2026, 6, 30)]);
        await AssertStoredEqualsLiveAsync(db);

        (await KpiMonths.RefreshAsync(db, Today, default)).ShouldBe(new KpiMonthsRefresh(11, 4, 7, 0));
        var after = await AssertStoredEqualsLiveAsync(db);
        Point(after, new DateOnly(2026, 3, 31)).ReceivablesMinor.ShouldBe(Point(before, new DateOnly(2026, 3, 31)).ReceivablesMinor - 500_00);
        Point(after, new DateOnly(2026, 2, 28)).ShouldBe(Point(before, new DateOnly(2026, 2, 28)));

        // An invoice backdated into November 2025 and a promise resolved in January: from those months on.
        var customer = await db.Customers.Select(c => c.Id).FirstAsync();
        db.Add(new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer, Number = "LATE-ENTRY", IssueDate = new DateOnly(2025, 11, 20), DueDate = new DateOnly(2025, 12, 20),
            Currency = "EUR", GrossMinor = 12_345_00, NetMinor = 12_345_00, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        (await KpiMonths.ListAsync(db, default)).Where(m => !m.Fresh).Select(m => m.MonthEnd).First().ShouldBe(new DateOnly(2025, 11, 30));
        await KpiMonths.RefreshAsync(db, Today, default);
        var promise = await db.Set<PromiseToPay>().FirstAsync(p => p.Status == PromiseStatus.Pending);
        promise.Status = PromiseStatus.Kept;
        promise.ResolvedOn = new DateOnly(2026, 1, 20);
        await db.SaveChangesAsync();
        (await KpiMonths.ListAsync(db, default)).Where(m => !m.Fresh).Select(m => m.MonthEnd).First().ShouldBe(new DateOnly(2026, 1, 31));
        await KpiMonths.RefreshAsync(db, Today, default);
        await AssertStoredEqualsLiveAsync(db);

        // --rebuild drops and computes everything again, to the same figures.
        (await KpiMonths.RefreshAsync(db, Today, default, rebuild: true)).Computed.ShouldBe(11);
        await AssertStoredEqualsLiveAsync(db);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_daily_run_keeps_the_closed_months(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var seed = database.For(tenant))
        {
            await ReportingLedger.SeedAsync(seed, tenant);
        }

        // 09:00 UTC on 15 July: after the tenant's 08:00 run hour in Paris.
        var clock = new FakeClock(new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.Zero));
        var job = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance);
        (await job.TickAsync(default)).ShouldBe(1);

        await using var db = database.For(tenant);
        var stored = await KpiMonths.ListAsync(db, default);
        stored.Select(m => m.MonthEnd).ShouldBe(KpiCalculator.TrendDates(Today, 12).Where(d => d < Today).ToList());
        stored.ShouldAllBe(m => m.Fresh);
        await AssertStoredEqualsLiveAsync(db);
    }

    [Fact]
    public async Task Report_trend_cli_computes_and_rebuilds()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var seed = database.For(tenant))
        {
            await ReportingLedger.SeedAsync(seed, tenant);
        }

        var cs = database.Target.ConnectionString;
        var (exit, stdout, stderr) = await CliRun.RunAsync("report", "trend", "--months", "6", "--json", "--db", cs);
        exit.ShouldBe(0, stderr);
        using (var json = JsonDocument.Parse(stdout))
        {
            json.RootElement.GetProperty("computed").GetInt32().ShouldBe(5);
            json.RootElement.GetProperty("stored").GetArrayLength().ShouldBe(5);
        }

        (exit, stdout, _) = await CliRun.RunAsync("report", "trend", "--months", "6", "--db", cs);
        exit.ShouldBe(0);
        stdout.ShouldContain("0 month(s) computed, 5 already fresh");
        (exit, stdout, _) = await CliRun.RunAsync("report", "trend", "--months", "6", "--rebuild", "--db", cs);
        exit.ShouldBe(0);
        stdout.ShouldContain("5 month(s) computed");
        (await CliRun.RunAsync("report", "trend", "--months", "0", "--db", cs)).Exit.ShouldBe(2);
    }

    /// <summary>The dashboard's trend (stored months) and the live one, every currency, KPI by KPI; returns the EUR trend.</summary>
    private static async Task<IReadOnlyList<KpiSet>> AssertStoredEqualsLiveAsync(EncaisseDb db)
    {
        var stored = await KpiQuery.RunAsync(db, Today, 12, KpiOptions.Default, default);
        var live = await KpiQuery.RunAsync(db, Today, 12, KpiOptions.Default, default, useStored: false);
        stored.Count.ShouldBe(live.Count);
        stored.Count.ShouldBe(2);
        for (var i = 0; i < live.Count; i++)
        {
            stored[i].Current.ShouldBe(live[i].Current);
            stored[i].Trend.ShouldBe(live[i].Trend);
            stored[i].Trend.Count.ShouldBe(12);
        }

        return stored.Single(r => r.Current.Currency == "EUR").Trend;
    }

    private static KpiSet Point(IReadOnlyList<KpiSet> trend, DateOnly on) => trend.Single(t => t.AsOf == on);

    private static async Task<Invoice> OpenInvoiceAsync(EncaisseDb db, DateOnly issuedBy)
    {
        var allocated = db.Allocations.Select(a => a.InvoiceId);
        return await db.Invoices.Where(i => i.Kind == DocumentKind.Invoice && i.Currency == "EUR" && i.CancelledOn == null
                && i.IssueDate < issuedBy && i.GrossMinor > 1_000_00 && !allocated.Contains(i.Id))
            .OrderBy(i => i.Number).FirstAsync();
    }

    private static async Task AddPaymentAsync(EncaisseDb db, Tenant tenant, Invoice invoice, DateOnly on, long amount)
    {
        var payment = new Payment
        {
            TenantId = tenant.Id, CustomerId = invoice.CustomerId, Reference = $"BACK-{on:yyyyMMdd}-{amount}", ReceivedOn = on,
            AmountMinor = amount, Currency = invoice.Currency, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(payment);
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, PaymentId = payment.Id, AmountMinor = amount, AllocatedOn = on, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }
}
