using System.Text;
using System.Text.Json;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Legal;

/// <summary>Imports report the mandatory mentions their invoices lack, as warnings: the file is written anyway.</summary>
[Collection("Console")]
public class ImportMentionsTests
{
    // C1 is complete (SIREN, address); C2 has neither; AV-1 is a credit note (not checked).
    private const string Invoices = """
        Numéro de facture;Référence client;Raison sociale;SIREN;Adresse;Ville;Date facture;Date d'échéance;Montant TTC
        F-1;C1;Dupont SARL;732829320;12 rue des Lilas;Lyon;01/10/2026;31/10/2026;1 200,00
        F-2;C2;Martin & Fils;;;;02/10/2026;30/11/2026;500,00
        F-3;C2;Martin & Fils;;;;03/10/2026;30/11/2026;300,00
        AV-1;C2;Martin & Fils;;;;05/10/2026;05/10/2026;-100,00
        """;

    private static async Task<Tenant> CompleteTenantAsync(TestDatabase database)
    {
        var tenant = await database.AddTenantAsync();
        await using var db = database.Factory.Create();
        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        row.Siren = "552100554";
        row.VatNumber = "FR40552100554";
        row.Address = new PostalAddress { Line1 = "1 place Bellecour", PostalCode = "69002", City = "Lyon" };
        await db.SaveChangesAsync();
        return row;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invoices_lacking_mentions_are_listed_as_warnings_and_still_imported(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await CompleteTenantAsync(database);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Invoices));
        var report = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Invoices, "factures.csv", stream, new ImportOptions(),
            FakeClock.At(new DateOnly(2026, 11, 1)), default);

        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        report.ErrorCount.ShouldBe(0);
        var mentions = report.Mentions.ShouldNotBeNull();
        (mentions.InvoicesChecked, mentions.InvoicesWithGaps).ShouldBe((3, 2));
        mentions.ByMention.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["customer-identity"] = 2, ["customer-siren"] = 2 });
        mentions.Invoices.Select(i => (i.Number, i.CustomerRef, string.Join(",", i.Missing)))
            .ShouldBe([("F-2", "C2", "customer-identity,customer-siren"), ("F-3", "C2", "customer-identity,customer-siren")]);
        mentions.Labels["customer-siren"].ShouldContain("242 nonies A");
        mentions.NotVerifiable.ShouldContain("lines");
        await using var db = database.For(tenant);
        (await db.Invoices.CountAsync()).ShouldBe(4);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_tenant_without_siren_makes_every_invoice_lack_the_supplier_mentions(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Invoices));
        var report = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Invoices, "factures.csv", stream, new ImportOptions(),
            FakeClock.At(new DateOnly(2026, 11, 1)), default);

        var mentions = report.Mentions.ShouldNotBeNull();
        (mentions.InvoicesChecked, mentions.InvoicesWithGaps).ShouldBe((3, 3));
        mentions.ByMention["supplier-siren"].ShouldBe(3);
        mentions.ByMention["supplier-vat"].ShouldBe(3);
        mentions.ByMention["supplier-identity"].ShouldBe(3);
        mentions.ByMention["customer-siren"].ShouldBe(2);
        mentions.Invoices[0].Missing.ShouldBe(["supplier-identity", "supplier-siren", "supplier-vat"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Counts_cover_every_invoice_and_the_list_stops_at_the_cap(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await CompleteTenantAsync(database);
        var csv = new StringBuilder("Numéro de facture;Référence client;Raison sociale;SIREN;Adresse;Ville;Date facture;Date d'échéance;Montant TTC\n");
        csv.Append("F-0000;C1;Dupont SARL;732829320;12 rue des Lilas;Lyon;01/10/2026;31/10/2026;10,00\n");
        for (var i = 1; i <= 250; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"F-{i:0000};C2;Martin & Fils;;;;01/10/2026;31/10/2026;10,00\n");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var report = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Invoices, "factures.csv", stream, new ImportOptions(),
            FakeClock.At(new DateOnly(2026, 11, 1)), default);
        var mentions = report.Mentions.ShouldNotBeNull();
        (mentions.InvoicesChecked, mentions.InvoicesWithGaps).ShouldBe((251, 250));
        mentions.ByMention["customer-siren"].ShouldBe(250);
        mentions.Invoices.Count.ShouldBe(MentionWarnings.MaxListed);
        mentions.Invoices.ShouldAllBe(i => i.CustomerRef == "C2");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_upload_api_returns_the_mention_warnings_with_200(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Invoices));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "factures.csv");
        var response = await server.Api.PostAsync("/api/v1/imports/invoices", form);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("written").GetBoolean().ShouldBeTrue();
        var mentions = json.RootElement.GetProperty("mentions");
        mentions.GetProperty("invoicesChecked").GetInt32().ShouldBe(3);
        // The test server's tenant has no SIREN: every invoice lacks it.
        mentions.GetProperty("byMention").GetProperty("supplier-siren").GetInt32().ShouldBe(3);
        mentions.GetProperty("labels").GetProperty("supplier-siren").GetString()!.ShouldContain("242 nonies A");
    }

    [Fact]
    public async Task The_import_verb_prints_the_warnings_and_succeeds()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await CompleteTenantAsync(database);
        var file = Path.Combine(Directory.CreateTempSubdirectory("encaisse-mentions").FullName, "factures.csv");
        await File.WriteAllTextAsync(file, Invoices);
        var db = "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal);

        var (exit, output, error) = await LegalCli.RunAsync("import", "invoices", file, "--db", db, "--tenant", tenant.Code);
        exit.ShouldBe(0, error);
        output.ShouldContain("4 created");
        error.ShouldContain("warning: 2 of 3 invoice(s) lack mandatory mentions");
        error.ShouldContain("customer-siren: 2 invoice(s)");
        error.ShouldContain("F-2 (C2): customer-identity, customer-siren");

        (exit, output, _) = await LegalCli.RunAsync("import", "invoices", file, "--db", db, "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        var mentions = json.RootElement.GetProperty("mentions");
        mentions.GetProperty("invoicesWithGaps").GetInt32().ShouldBe(2);
        mentions.GetProperty("byMention").GetProperty("customer-identity").GetInt32().ShouldBe(2);
        mentions.GetProperty("invoices")[0].GetProperty("number").GetString().ShouldBe("F-2");
    }
}
