using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.Schema;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Payments.Sepa;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

[Collection("Payments console")]
public sealed class SepaCliTests
{
    [Fact]
    public async Task Mandate_collection_file_and_a_returned_debit_reopens_the_invoice()
    {
        var dir = Directory.CreateTempSubdirectory("encaisse-sepa");
        var path = Path.Combine(dir.FullName, "e.db");
        var factory = new DatabaseFactory(DatabaseTarget.Sqlite(path));
        await factory.MigrateAsync(default);
        Guid tenantId;
        Invoice invoice;
        await using (var db = factory.Create())
        {
            var tenant = await TenantStore.CreateAsync(db, "acme", "ACME Industrie SAS", TimeProvider.System, default);
            tenant.Iban = "FR7630006000011234567890189";
            db.Update(tenant);
            await db.SaveChangesAsync();
            tenantId = tenant.Id;
        }

        await using (var db = factory.Create(tenantId))
        {
            (_, invoice) = await StatementImportTests.SeedAsync(db);
        }

        // Every wrong field is named at once, from the one operation the API uses too; nothing is written.
        var wrong = await BankCliTests.RunAsync("sepa", "mandate", "add", "--customer", "411NOBODY", "--reference", "RUM#1", "--signed", "2025-11-03",
            "--iban", "FR1420041010050500013M02607", "--db", path);
        wrong.Code.ShouldBe(2);
        wrong.Err.ShouldContain("reference: Invalid mandate reference");
        wrong.Err.ShouldContain("iban: Not a valid IBAN (check digits).");
        wrong.Err.ShouldContain("customerRef: No customer '411NOBODY'.");
        var add = await BankCliTests.RunAsync("sepa", "mandate", "add", "--customer", "411DUPONT", "--reference", "RUM-411DUPONT-1", "--signed", "2025-11-03",
            "--iban", "FR1420041010050500013M02606", "--db", path);
        add.Code.ShouldBe(0, add.Err);
        var again = await BankCliTests.RunAsync("sepa", "mandate", "add", "--customer", "411DUPONT", "--reference", "RUM-411DUPONT-1", "--signed", "2025-11-03",
            "--iban", "FR1420041010050500013M02606", "--db", path);
        again.Code.ShouldBe(2);
        again.Err.ShouldContain("reference: A mandate 'RUM-411DUPONT-1' already exists.");
        await using (var db = factory.Create(tenantId))
        {
            (await db.Set<Mandate>().CountAsync()).ShouldBe(1);
        }

        var bad = await BankCliTests.RunAsync("sepa", "collect", "--date", "2026-04-03", "--creditor-id", "FR73ZZZ123456", "--out", Path.Combine(dir.FullName, "x.xml"), "--db", path);
        bad.Code.ShouldBe(2);

        var file = Path.Combine(dir.FullName, "dd.xml");
        var collect = await BankCliTests.RunAsync("sepa", "collect", "--date", "2026-04-03", "--creditor-id", "FR72ZZZ123456", "--version", "02", "--out", file, "--db", path, "--json");
        collect.Code.ShouldBe(0, collect.Err);
        JsonDocument.Parse(collect.Out).RootElement.GetProperty("collections").GetInt32().ShouldBe(1);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "sepa", "xsd", "pain.008.001.02.xsd"));
        var errors = new List<string>();
        var document = XDocument.Load(file);
        document.Validate(schemas, (_, e) => errors.Add(e.Message));
        errors.ShouldBeEmpty();
        var endToEnd = document.Descendants(document.Root!.Name.Namespace + "EndToEndId").Single().Value;

        await using (var db = factory.Create(tenantId))
        {
            (await db.Set<Mandate>().SingleAsync()).NextSequence.ShouldBe(SequenceType.Recurrent);
            (await db.Allocations.Where(a => a.InvoiceId == invoice.Id).SumAsync(a => a.AmountMinor)).ShouldBe(120_000);
            var settlement = BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(SyntheticStatements.Camt(new DateOnly(2026, 4, 3), 0m,
                new SyntheticStatements.Entry(1200m, "DUPONT", "FR1420041010050500013M02606", "PRLV SEPA", endToEnd, null, "RUM-411DUPONT-1")))));
            var settledSummary = await StatementImport.ImportAsync(db, settlement, null, FakeClock.At(new DateOnly(2026, 4, 3)), null, default);
            settledSummary.AutoMatched.ShouldBe(1);
            (await db.Payments.CountAsync()).ShouldBe(1);
            var returned = BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(SyntheticStatements.Camt(new DateOnly(2026, 4, 8), 1200m,
                new SyntheticStatements.Entry(-1200m, "DUPONT", "FR1420041010050500013M02606", "RETOUR PRLV", endToEnd, "MD06", "RUM-411DUPONT-1")))));
            var summary = await StatementImport.ImportAsync(db, returned, null, FakeClock.At(new DateOnly(2026, 4, 8)), null, default);
            summary.Returned.ShouldBe(1);
            (await db.Allocations.Where(a => a.InvoiceId == invoice.Id).SumAsync(a => a.AmountMinor)).ShouldBe(0);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir.Delete(true);
    }
}
