using System.Text;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Shouldly;

namespace Encaisse.Tests.Formats;

public class LedgerImportTests
{
    private const string Invoices = """
        Numéro de facture;Référence client;Raison sociale;SIREN;Date facture;Date d'échéance;Montant HT;TVA montant;Montant TTC;Devise
        F-001;C1;Dupont SARL;732 829 320;01/10/2026;31/10/2026;1 000,00;200,00;1 200,00;EUR
        F-002;C2;Martin & Fils;;02/10/2026;30/11/2026;;;500,00;EUR
        F-002;C2;Martin & Fils;;02/10/2026;31/12/2026;;;500,00;EUR
        AV-001;C1;Dupont SARL;;05/10/2026;05/10/2026;;;-100,00;
        """;

    private static readonly FakeClock Clock = FakeClock.At(new DateOnly(2026, 11, 1));

    private static async Task<ImportReport> ImportAsync(TestDatabase database, Tenant tenant, ImportKind kind, string name, byte[] content, bool skipInvalid = false)
    {
        using var stream = new MemoryStream(content);
        return await LedgerImport.RunAsync(database.Factory, tenant, kind, name, stream, new ImportOptions { SkipInvalid = skipInvalid }, Clock, default);
    }

    private static Task<ImportReport> ImportAsync(TestDatabase database, Tenant tenant, ImportKind kind, string csv, bool skipInvalid = false) =>
        ImportAsync(database, tenant, kind, "file.csv", Encoding.UTF8.GetBytes(csv), skipInvalid);

    private static async Task<(int Customers, int Invoices, int Instalments, int Payments, int Allocations)> CountsAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        return (await db.Customers.CountAsync(), await db.Invoices.CountAsync(), await db.Instalments.CountAsync(),
            await db.Payments.CountAsync(), await db.Allocations.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invoice_file_with_customer_columns_loads_customers_invoices_instalments_and_credit_notes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var progress = new List<double>();
        ImportReport report;
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(Invoices)))
        {
            report = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Invoices, "factures.csv", stream,
                new ImportOptions { Progress = progress.Add }, Clock, default);
        }

        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        progress.ShouldNotBeEmpty();
        progress[^1].ShouldBe(1.0);
        (report.Created, report.Updated, report.Rejected).ShouldBe((3, 0, 0));
        report.Customers.ShouldBe(new ImportCounts(2, 0));
        (await CountsAsync(database, tenant)).ShouldBe((2, 3, 2, 0, 0));

        await using var db = database.For(tenant);
        var f1 = await db.Invoices.SingleAsync(i => i.Number == "F-001");
        (f1.NetMinor, f1.TaxMinor, f1.GrossMinor, f1.DueDate, f1.Source).ShouldBe((100000L, 20000L, 120000L, new DateOnly(2026, 10, 31), "csv"));
        var customer = await db.Customers.SingleAsync(c => c.Id == f1.CustomerId);
        (customer.ExternalRef, customer.LegalName, customer.Siren).ShouldBe(("C1", "Dupont SARL", "732829320"));
        var f2 = await db.Invoices.Include(i => i.Instalments).SingleAsync(i => i.Number == "F-002");
        f2.GrossMinor.ShouldBe(100000);
        f2.Instalments.OrderBy(i => i.Sequence).Select(i => (i.DueDate, i.AmountMinor)).ShouldBe([(new DateOnly(2026, 11, 30), 50000L), (new DateOnly(2026, 12, 31), 50000L)]);
        (await db.Invoices.SingleAsync(i => i.Number == "AV-001")).Kind.ShouldBe(DocumentKind.CreditNote);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Re_importing_updates_by_key_and_never_duplicates(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await ImportAsync(database, tenant, ImportKind.Invoices, Invoices);
        var again = await ImportAsync(database, tenant, ImportKind.Invoices, Invoices);
        (again.Created, again.Updated).ShouldBe((0, 3));
        (await CountsAsync(database, tenant)).ShouldBe((2, 3, 2, 0, 0));

        var updated = Invoices.Replace("F-001;C1;Dupont SARL;732 829 320;01/10/2026;31/10/2026;1 000,00;200,00;1 200,00;EUR",
            "F-001;C1;Dupont SAS;;01/10/2026;15/11/2026;1 500,00;300,00;1 800,00;EUR\nF-003;C1;Dupont SAS;;03/10/2026;02/11/2026;;;10,00;EUR", StringComparison.Ordinal)
            .Replace("Dupont SARL", "Dupont SAS", StringComparison.Ordinal);
        var report = await ImportAsync(database, tenant, ImportKind.Invoices, updated);
        (report.Created, report.Updated).ShouldBe((1, 3));
        (await CountsAsync(database, tenant)).ShouldBe((2, 4, 2, 0, 0));
        await using var db = database.For(tenant);
        var f1 = await db.Invoices.SingleAsync(i => i.Number == "F-001");
        (f1.GrossMinor, f1.DueDate).ShouldBe((180000L, new DateOnly(2026, 11, 15)));
        var c1 = await db.Customers.SingleAsync(c => c.ExternalRef == "C1");
        (c1.LegalName, c1.Siren).ShouldBe(("Dupont SAS", "732829320")); // an empty cell keeps the stored SIREN
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_any_bad_row_is_rejected_and_leaves_the_database_unchanged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await ImportAsync(database, tenant, ImportKind.Invoices, Invoices);
        var before = await CountsAsync(database, tenant);

        var bad = Invoices + "\nF-009;C9;Nouveau client;;31/02/2026;31/03/2026;;;12,00;EUR\nF-010;C1;Dupont SARL;;01/10/2026;31/10/2026;;;1O0;EUR\n";
        var report = await ImportAsync(database, tenant, ImportKind.Invoices, bad.Replace("F-001;C1;Dupont SARL;", "F-001;C1;Dupont CHANGED;", StringComparison.Ordinal));
        report.Written.ShouldBeFalse();
        report.Rejected.ShouldBe(2);
        report.Errors.Select(e => (e.Line, e.Column, e.Value)).ShouldBe([(6, "Date facture", "31/02/2026"), (7, "Montant TTC", "1O0")]);
        (await CountsAsync(database, tenant)).ShouldBe(before);
        await using (var db = database.For(tenant))
        {
            (await db.Customers.SingleAsync(c => c.ExternalRef == "C1")).LegalName.ShouldBe("Dupont SARL");
        }

        var skipped = await ImportAsync(database, tenant, ImportKind.Invoices, bad, skipInvalid: true);
        skipped.Written.ShouldBeTrue();
        (skipped.Created, skipped.Updated, skipped.Rejected).ShouldBe((0, 3, 2));
        (await CountsAsync(database, tenant)).ShouldBe(before);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_files_and_unknown_customers_are_rejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var empty = await ImportAsync(database, tenant, ImportKind.Customers, "");
        empty.Written.ShouldBeFalse();
        empty.Errors.ShouldHaveSingleItem().Reason.ShouldContain("empty");

        var noColumns = await ImportAsync(database, tenant, ImportKind.Invoices, "invoice number,amount\nF1,12\n");
        noColumns.Written.ShouldBeFalse();
        noColumns.Errors.Select(e => e.Column).ShouldBe(["CustomerRef", "IssueDate", "DueDate"]);

        var binary = await ImportAsync(database, tenant, ImportKind.Invoices, "x.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);
        binary.Written.ShouldBeFalse();
        binary.Errors.ShouldHaveSingleItem().Reason.ShouldContain("cannot be read");

        var unknown = await ImportAsync(database, tenant, ImportKind.Invoices,
            "invoice number,customer ref,issue date,due date,amount\nF1,NOPE,2026-10-01,2026-10-31,12.00\n");
        unknown.Written.ShouldBeFalse();
        var issue = unknown.Errors.ShouldHaveSingleItem();
        (issue.Line, issue.Column, issue.Value).ShouldBe((2, "customer ref", "NOPE"));
        issue.Reason.ShouldContain("not a known customer");

        var payments = await ImportAsync(database, tenant, ImportKind.Payments, "reference,date,amount,customer ref\nP1,2026-10-01,12.00,NOPE\n");
        payments.Written.ShouldBeFalse();
        (await CountsAsync(database, tenant)).ShouldBe((0, 0, 0, 0, 0));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Windows_1252_customers_and_payments_files(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customers = "Code client\tRaison sociale\tSIRET\tN° TVA intracommunautaire\tVille\tPlafond\r\nC1\tSociété Générale d'Électricité\t732 829 320 00074\tFR44732829320\tSaint-Étienne\t10 000\r\n";
        var report = await ImportAsync(database, tenant, ImportKind.Customers, "clients.csv", TextSniffer.Windows1252.GetBytes(customers));
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        (report.Encoding, report.Separator).ShouldBe(("windows-1252", "tab"));
        await using (var db = database.For(tenant))
        {
            var c = await db.Customers.SingleAsync();
            (c.LegalName, c.BillingAddress.City, c.Siret, c.Siren, c.VatNumber, c.CreditLimitMinor).ShouldBe(
                ("Société Générale d'Électricité", "Saint-Étienne", "73282932000074", "732829320", "FR44732829320", (long?)1000000));
        }

        var payments = "Référence,Date de paiement,Montant,Mode de règlement,Code client\nVIR-1,05/10/2026,\"1 200,50\",Virement,C1\nCHQ-1,2026-10-06,99.90,chèque,\n";
        var paid = await ImportAsync(database, tenant, ImportKind.Payments, "paiements.csv", TextSniffer.Windows1252.GetBytes(payments));
        paid.Written.ShouldBeTrue(string.Join("; ", paid.Errors));
        (paid.Created, paid.Updated).ShouldBe((2, 0));
        (await ImportAsync(database, tenant, ImportKind.Payments, "paiements.csv", TextSniffer.Windows1252.GetBytes(payments))).Updated.ShouldBe(2);
        await using var check = database.For(tenant);
        var vir = await check.Payments.SingleAsync(p => p.Reference == "VIR-1");
        (vir.AmountMinor, vir.Method, vir.CustomerId is not null).ShouldBe((120050L, PaymentMethod.Transfer, true));
        (await check.Payments.SingleAsync(p => p.Reference == "CHQ-1")).Method.ShouldBe(PaymentMethod.Cheque);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_payments_file_naming_invoices_allocates_them_idempotently(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await ImportAsync(database, tenant, ImportKind.Invoices, Invoices);
        const string payments = "Référence;Date;Montant;Code client;Facture\nVIR-1;05/11/2026;1 200,00;C1;F-001\nVIR-2;06/11/2026;2 000,00;C2;F-002\nVIR-3;07/11/2026;10,00;C1;\n";
        var report = await ImportAsync(database, tenant, ImportKind.Payments, payments);
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        report.Allocations.ShouldBe(new ImportCounts(2, 0));
        var again = await ImportAsync(database, tenant, ImportKind.Payments, payments);
        again.Allocations.ShouldBe(new ImportCounts(0, 2));

        await using (var db = database.For(tenant))
        {
            var allocations = await db.Allocations.Join(db.Invoices, a => a.InvoiceId, i => i.Id, (a, i) => new { i.Number, a.AmountMinor, a.Source }).OrderBy(x => x.Number).ToListAsync();
            allocations.Select(a => (a.Number, a.AmountMinor, a.Source)).ShouldBe([("F-001", 120000L, "import"), ("F-002", 100000L, "import")]); // capped by the invoice
        }

        var unknown = await ImportAsync(database, tenant, ImportKind.Payments, "reference,date,amount,invoice\nVIR-9,2026-11-08,5.00,F-404\n");
        unknown.Written.ShouldBeFalse();
        (unknown.Errors.ShouldHaveSingleItem().Line, unknown.Errors[0].Value).ShouldBe((2, "F-404"));
        (await CountsAsync(database, tenant)).ShouldBe((2, 3, 2, 3, 2));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_excel_workbook_imports_like_a_csv(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var rows = new[]
        {
            new Dictionary<string, object?> { ["invoice number"] = "X-1", ["customer ref"] = "C1", ["customer name"] = "Dupont", ["issue date"] = new DateTime(2026, 10, 1), ["due date"] = new DateTime(2026, 10, 31), ["amount incl. tax"] = 1234.56, ["currency"] = "EUR" },
            new Dictionary<string, object?> { ["invoice number"] = "X-2", ["customer ref"] = "C1", ["customer name"] = "Dupont", ["issue date"] = new DateTime(2026, 10, 2), ["due date"] = new DateTime(2026, 11, 1), ["amount incl. tax"] = 10, ["currency"] = "USD" },
        };
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows);
        var report = await ImportAsync(database, tenant, ImportKind.Invoices, "factures.xlsx", workbook.ToArray());
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        report.Format.ShouldBe("xlsx");
        report.Created.ShouldBe(2);
        await using var db = database.For(tenant);
        var x1 = await db.Invoices.SingleAsync(i => i.Number == "X-1");
        (x1.GrossMinor, x1.IssueDate, x1.DueDate, x1.Source).ShouldBe((123456L, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "xlsx"));
        (await db.Invoices.SingleAsync(i => i.Number == "X-2")).Currency.ShouldBe("USD");

        var content = InvoiceFile.Read("factures.xlsx", new MemoryStream(workbook.ToArray()));
        content.Invoices.Select(i => i.Number).ShouldBe(["X-1", "X-2"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fec_corpus_file_imports_with_its_open_items_and_reimports_idempotently(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var bytes = await File.ReadAllBytesAsync(FecTests.FixturePath("0000000001FEC20220831.txt"));
        var report = await ImportAsync(database, tenant, ImportKind.Fec, "fec.txt", bytes);
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        (report.Customers, report.Invoices, report.Payments, report.Allocations).ShouldBe(
            (new ImportCounts(17, 0), new ImportCounts(408, 0), new ImportCounts(129, 0), new ImportCounts(372, 0)));
        (report.OpenInvoices, report.OpenInvoicesMinor).ShouldBe((31, 11985833L));
        var first = await CountsAsync(database, tenant);
        first.ShouldBe((17, 408, 0, 129, 372));

        var again = await ImportAsync(database, tenant, ImportKind.Fec, "fec.txt", bytes);
        again.Allocations.ShouldBe(new ImportCounts(0, 372));
        (await CountsAsync(database, tenant)).ShouldBe(first);

        // Open items derived from the stored documents and allocations agree with the lettering.
        await using var db = database.For(tenant);
        var allocated = await db.Allocations.GroupBy(a => a.InvoiceId).Select(g => new { g.Key, Sum = g.Sum(a => a.AmountMinor) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
        var invoices = await db.Invoices.Where(i => i.Kind == DocumentKind.Invoice).ToListAsync();
        var open = invoices.SelectMany(i => Balances.OpenItemsOf(i, allocated.GetValueOrDefault(i.Id), new DateOnly(2022, 8, 31))).ToList();
        (open.Count, open.Sum(o => o.OpenMinor)).ShouldBe((31, 11985833L));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_corpus_fec_imports(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string[] files = ["000000000FEC20231231.txt", "111111111FEC20221231.TXT", "123456789FEC20500930.txt"];
        long[] open = [18777084, 1490054, 12820050];
        for (var i = 0; i < files.Length; i++)
        {
            var tenant = await database.AddTenantAsync("t" + i);
            var report = await ImportAsync(database, tenant, ImportKind.Fec, files[i], await File.ReadAllBytesAsync(FecTests.FixturePath(files[i])));
            report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
            report.OpenInvoicesMinor.ShouldBe(open[i]);
            (await CountsAsync(database, tenant)).Invoices.ShouldBe(report.Invoices!.Created);
        }
    }
}
