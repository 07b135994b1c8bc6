using Encaisse.Dunning;
using Encaisse.Dunning.Timeline;
using Encaisse.EInvoicing;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>
/// The one exchange with a platform (what the daily run and <c>einvoice send|fetch</c> do) against a local flow service
/// answering the exchange files of Fixtures/EInvoice/platform, on both providers: the cashed status of a payment leaves
/// once (also when the platform fails and the exchange runs again), a dispute received opens one dispute, a status about
/// another company's invoice is ignored and an unreadable flow is reported, never recorded.
/// </summary>
public sealed class EInvoiceExchangeTests
{
    private static readonly DateOnly Today = new(2026, 2, 10);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Statuses_go_out_once_and_come_in_once(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        var file = Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml");
        var clock = FakeClock.At(Today);
        (await EInvoiceImport.RunAsync(test.Factory, tenant, [(Path.GetFileName(file), await File.ReadAllBytesAsync(file))], "test", clock, default)).Imported.ShouldBe(1);
        await using var platform = await PlatformServer.StartAsync();
        await using (var db = test.For(tenant))
        {
            (await EInvoiceStatuses.SetPlatformAsync(db, "not a url", default)).Error!.Code.ShouldBe("einvoice.badPlatform");
            (await EInvoiceStatuses.SetPlatformAsync(db, platform.Address.ToString(), default)).OrThrow();
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-1", "987654321", Today, 50.00m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-1", null, 50.00m, Today), "manual", "test", default)).OrThrow();
        }

        // First exchange: the platform is down for the submission and the search (retries exhausted: one attempt each here).
        platform.FailNext["submit"] = 503;
        platform.FailNext["search"] = 503;
        var first = await ExchangeAsync(test, tenant, clock, platform, maxAttempts: 1);
        first.Produced.ShouldBe(1);
        first.Sent.ShouldBe(0);
        first.Pending.ShouldBe(1);
        first.Received.ShouldBe(0);
        first.Problems.Count.ShouldBe(2);

        // Second exchange: the cashed status leaves, the three flows are read.
        var second = await ExchangeAsync(test, tenant, clock, platform);
        second.Produced.ShouldBe(0);
        second.Sent.ShouldBe(1);
        second.Pending.ShouldBe(0);
        second.Received.ShouldBe(1);
        second.Ignored.ShouldBe(1); // FA-AUTRE-0042 is not one of the company's e-invoices.
        second.Problems.ShouldHaveSingleItem().ShouldContain("c7a90d14-3b6e-4f0a-a2d8-5e1b7f6c4d33");

        // Third exchange: nothing new goes out, nothing is recorded twice; recorded flows are not downloaded again.
        var downloadsBefore = platform.Requests.Count(r => r.StartsWith("GET /v1/flows/9b1c3e0e", StringComparison.Ordinal));
        var third = await ExchangeAsync(test, tenant, clock, platform);
        (third.Produced, third.Sent, third.Received).ShouldBe((0, 0, 0));
        platform.Requests.Count(r => r.StartsWith("GET /v1/flows/9b1c3e0e", StringComparison.Ordinal)).ShouldBe(downloadsBefore);
        downloadsBefore.ShouldBe(1);
        platform.Requests.ShouldContain("GET /v1/flows/9b1c3e0e-52a4-4f7e-9f61-2f0d8f3c7a10?docType=Original");

        var submitted = platform.Submitted.ShouldHaveSingleItem();
        submitted.Body.ShouldContain("<ram:StatusCode>212</ram:StatusCode>");
        submitted.Body.ShouldContain("50.00");
        await using (var db = test.For(tenant))
        {
            var statuses = await db.Set<EInvoiceStatus>().AsNoTracking().ToListAsync();
            statuses.Count(s => s.Direction == StatusDirection.Out).ShouldBe(1);
            statuses.Single(s => s.Direction == StatusDirection.Out).State.ShouldBe(OutgoingState.Sent);
            var received = statuses.Single(s => s.Direction == StatusDirection.In);
            received.Code.ShouldBe(207);
            received.Key.ShouldBe("in:flow:9b1c3e0e-52a4-4f7e-9f61-2f0d8f3c7a10");
            received.Reason.ShouldBe("Quantité livrée inférieure à la quantité facturée");
            var dispute = await db.Set<Dispute>().Include(d => d.Invoices).SingleAsync();
            dispute.Status.ShouldBe(DisputeStatus.Open);
        }
    }

    private static async Task<ExchangeOutcome> ExchangeAsync(TestDatabase test, Tenant tenant, TimeProvider clock, PlatformServer platform, int maxAttempts = 3)
    {
        await using var db = test.For(tenant);
        var settings = await EInvoiceStatuses.SettingsAsync(db, default);
        settings.PlatformUrl.ShouldBe(platform.Address.ToString());
        using var http = new HttpClient { BaseAddress = platform.Address };
        using var client = new PlatformClient(http, _ => TimeSpan.Zero, maxAttempts);
        return await EInvoiceExchange.RunAsync(new CollectionsScope(db, tenant, clock, "test"), client, send: true, receive: true, default);
    }
}

/// <summary>The daily run exchanges statuses before it plans: a dispute received this morning stops this morning's reminder.</summary>
public sealed class EInvoiceDailyExchangeTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_daily_run_sends_the_cashed_status_and_reads_the_dispute_before_planning(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        // 09:30 in Paris on 5 March 2026: F20260023 (due 2 March) is overdue; the platform's flows of 9 February are within 30 days.
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 5, 8, 30, 0, TimeSpan.Zero));
        var file = Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml");
        (await EInvoiceImport.RunAsync(test.Factory, tenant, [(Path.GetFileName(file), await File.ReadAllBytesAsync(file))], "test", clock, default)).Imported.ShouldBe(1);
        await using var platform = await PlatformServer.StartAsync();
        await using (var db = test.For(tenant))
        {
            (await EInvoiceStatuses.SetPlatformAsync(db, platform.Address.ToString(), default)).OrThrow();
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-2", "987654321", new DateOnly(2026, 3, 4), 30.00m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-2", null, 30.00m, new DateOnly(2026, 3, 4)), "manual", "test", default)).OrThrow();
        }

        // The same e-invoice in a tenant without a platform: its reminder is planned (the control).
        var control = await test.AddTenantAsync("control");
        (await EInvoiceImport.RunAsync(test.Factory, control, [(Path.GetFileName(file), await File.ReadAllBytesAsync(file))], "test", clock, default)).Imported.ShouldBe(1);

        var job = new Encaisse.Dunning.Scheduling.DailyDunningJob(test.Factory, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Encaisse.Dunning.Scheduling.DailyDunningJob>.Instance);
        (await job.TickAsync(default)).ShouldBe(2);
        await using (var db = test.For(control))
        {
            (await db.Set<DunningAction>().CountAsync()).ShouldBeGreaterThan(0);
        }

        await using (var db = test.For(tenant))
        {
            var run = await db.Set<Encaisse.Dunning.Scheduling.DailyRun>().AsNoTracking().SingleAsync();
            var report = Encaisse.Dunning.Scheduling.DailyRunReport.FromJson(run.Report)!;
            report.EInvoices.ShouldNotBeNull();
            report.EInvoices.Platform.ShouldBeTrue();
            (report.EInvoices.Produced, report.EInvoices.Sent, report.EInvoices.Pending, report.EInvoices.Received).ShouldBe((1, 1, 0, 1));
            (await db.Set<Dispute>().CountAsync(d => d.Status == DisputeStatus.Open)).ShouldBe(1);
            // The dispute came in before planning: no reminder was planned for the disputed invoice.
            (await db.Set<DunningAction>().CountAsync()).ShouldBe(0);
        }

        platform.Submitted.ShouldHaveSingleItem().Body.ShouldContain("30.00");
    }
}
