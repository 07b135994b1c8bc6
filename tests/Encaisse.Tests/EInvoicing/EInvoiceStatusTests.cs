using System.Xml.Linq;
using Encaisse.Dunning;
using Encaisse.Dunning.Timeline;
using Encaisse.EInvoicing;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>Lifecycle statuses both ways on an imported e-invoice (F20260023, 104.90 EUR, services), on both providers.</summary>
public sealed class EInvoiceStatusTests
{
    private static readonly DateOnly Today = new(2026, 2, 10);

    private static async Task<(TestDatabase Test, Tenant Tenant)> ImportedAsync(string provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        var file = Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml");
        var report = await EInvoiceImport.RunAsync(test.Factory, tenant, [(Path.GetFileName(file), await File.ReadAllBytesAsync(file))], "test", FakeClock.At(Today), default);
        report.Imported.ShouldBe(1);
        return (test, tenant);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dispute_status_opens_one_dispute_that_pauses_dunning(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        for (var i = 0; i < 2; i++)
        {
            await using var db = test.For(tenant);
            var view = (await EInvoiceStatuses.ReceiveAsync(new CollectionsScope(db, tenant, FakeClock.At(Today), "platform"),
                new ReceivedStatus("F20260023", LifecycleStatuses.Disputed, Today, "Quantité livrée inférieure", MessageId: "MSG-1"), default)).OrThrow();
            view.Status.ShouldBe("disputed");
        }

        await using (var db = test.For(tenant))
        {
            var disputes = await db.Set<Dispute>().Include(d => d.Invoices).ToListAsync();
            disputes.Count.ShouldBe(1);
            disputes[0].Status.ShouldBe(DisputeStatus.Open);
            disputes[0].Description!.ShouldContain("Quantité livrée inférieure");
            (await db.Set<EInvoiceStatus>().CountAsync(s => s.Direction == StatusDirection.In)).ShouldBe(1);
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "einvoice.status")).ShouldBe(1);
            var summary = TimelineText.Render((await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "einvoice.status")).Data, "fr");
            summary.ShouldBe("Statut reçu pour la facture F20260023 : En litige (Quantité livrée inférieure)");
        }

        // The dunning snapshot sees the invoice as disputed: no reminder is planned for it.
        await using (var db = test.For(tenant))
        {
            var invoice = await db.Invoices.SingleAsync();
            (await db.Set<Dispute>().AnyAsync(d => d.Status == DisputeStatus.Open && d.Invoices.Any(x => x.InvoiceId == invoice.Id))).ShouldBeTrue();
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_code_or_invoice_is_refused_with_a_coded_error(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        await using var db = test.For(tenant);
        var scope = new CollectionsScope(db, tenant, FakeClock.At(Today), "platform");
        (await EInvoiceStatuses.ReceiveAsync(scope, new ReceivedStatus("F20260023", 999, Today), default)).Error!.Code.ShouldBe("einvoice.unknownStatus");
        (await EInvoiceStatuses.ReceiveAsync(scope, new ReceivedStatus("NOPE", 207, Today), default)).Error!.Code.ShouldBe("einvoice.notFound");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payment_that_settles_the_einvoice_produces_exactly_one_cashed_status_even_when_rerun(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        var clock = FakeClock.At(Today);
        await using (var db = test.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-1", "987654321", Today, 104.90m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-1", null, 104.90m, Today), "manual", "test", default)).OrThrow();
        }

        var produced = new List<int>();
        for (var run = 0; run < 3; run++)
        {
            await using var db = test.For(tenant);
            produced.Add(await EInvoiceStatuses.ProduceCashedAsync(db, clock, default));
        }

        produced.ShouldBe([1, 0, 0]);
        await using (var db = test.For(tenant))
        {
            var cashed = await db.Set<EInvoiceStatus>().SingleAsync(s => s.Direction == StatusDirection.Out);
            cashed.Code.ShouldBe(212);
            cashed.AmountMinor.ShouldBe(10490);
            cashed.OccurredOn.ShouldBe(Today);
            cashed.State.ShouldBe(OutgoingState.Pending);

            var (name, content) = await EInvoiceStatuses.CdarAsync(db, tenant, cashed, default);
            name.ShouldStartWith("CDAR_212_F20260023_");
            var (read, problem) = CdarMessage.Read(content);
            problem.ShouldBeNull();
            read!.InvoiceNumber.ShouldBe("F20260023");
            read.StatusCode.ShouldBe(212);
            read.Amount.ShouldBe(104.90m);
            read.SellerSiren.ShouldBe("123456782");
            XDocument.Parse(System.Text.Encoding.UTF8.GetString(content)).Root!.Name.LocalName.ShouldBe("CrossDomainAcknowledgementAndResponse");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Goods_invoices_get_no_cashed_status_under_the_services_setting_but_do_under_all(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        var clock = FakeClock.At(Today);
        await using (var db = test.For(tenant))
        {
            (await db.Set<EInvoice>().SingleAsync()).OperationCategory = "goods";
            await db.SaveChangesAsync();
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-2", "987654321", Today, 50m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-2", null, 50m, Today), "manual", "test", default)).OrThrow();
        }

        await using (var db = test.For(tenant))
        {
            (await EInvoiceStatuses.ProduceCashedAsync(db, clock, default)).ShouldBe(0);
            (await EInvoiceStatuses.SetCashedForAsync(db, "all", default)).OrThrow();
            (await EInvoiceStatuses.ProduceCashedAsync(db, clock, default)).ShouldBe(1);
            (await db.Set<EInvoiceStatus>().SingleAsync()).AmountMinor.ShouldBe(5000);
            (await EInvoiceStatuses.SetCashedForAsync(db, "sometimes", default)).Error!.Code.ShouldBe("einvoice.badSetting");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Exporting_writes_each_pending_status_once_and_marks_it_exported(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        var clock = FakeClock.At(Today);
        await using (var db = test.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-3", "987654321", Today, 104.90m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-3", null, 104.90m, Today), "manual", "test", default)).OrThrow();
            (await EInvoiceStatuses.ProduceCashedAsync(db, clock, default)).ShouldBe(1);
        }

        var written = new Dictionary<string, byte[]>();
        Task Write(string name, byte[] content, CancellationToken ct)
        {
            written.Add(name, content);
            return Task.CompletedTask;
        }

        await using (var db = test.For(tenant))
        {
            var names = (await EInvoiceStatuses.ExportPendingAsync(db, tenant, clock, Write, default)).OrThrow();
            names.ShouldHaveSingleItem().ShouldStartWith("CDAR_212_F20260023_");
            CdarMessage.Read(written[names[0]]).Problem.ShouldBeNull();
        }

        await using (var db = test.For(tenant))
        {
            var status = await db.Set<EInvoiceStatus>().SingleAsync(s => s.Direction == StatusDirection.Out);
            status.State.ShouldBe(OutgoingState.Exported);
            status.DoneAt.ShouldBe(clock.GetUtcNow());
            (await EInvoiceStatuses.ExportPendingAsync(db, tenant, clock, Write, default)).OrThrow().ShouldBeEmpty();
            written.Count.ShouldBe(1);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_statuses_verb_exports_through_the_operation_and_prints_the_files(string provider)
    {
        var (test, tenant) = await ImportedAsync(provider);
        await using var _ = test;
        await using (var db = test.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, FakeClock.At(Today));
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-4", "987654321", Today, 104.90m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-4", null, 104.90m, Today), "manual", "test", default)).OrThrow();
        }

        var dir = Directory.CreateTempSubdirectory("cdar-export-");
        try
        {
            var run = await CliProcess.RunAsync("einvoice", "statuses", "--db", CliProcess.DbArgument(test), "--export", dir.FullName, "--json");
            run.ExitCode.ShouldBe(0, run.Stderr);
            using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
            json.RootElement.GetProperty("produced").GetInt32().ShouldBe(1);
            var exported = json.RootElement.GetProperty("exported").EnumerateArray().Select(e => e.GetString()!).ToList();
            exported.ShouldHaveSingleItem().ShouldStartWith("CDAR_212_F20260023_");
            File.Exists(Path.Combine(dir.FullName, exported[0])).ShouldBeTrue();
            await using var db = test.For(tenant);
            (await db.Set<EInvoiceStatus>().SingleAsync(s => s.Direction == StatusDirection.Out)).State.ShouldBe(OutgoingState.Exported);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
