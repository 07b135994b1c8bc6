using System.Text.Json;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Payments;

[CollectionDefinition("Payments console", DisableParallelization = true)]
public sealed class PaymentsConsoleCollection;

/// <summary>Runs the real executable entry point and reads what it prints.</summary>
[Collection("Payments console")]
public sealed class BankCliTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    internal static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        return await ConsoleCapture.RunCliAsync(args);
    }

    [Fact]
    public async Task Parse_prints_the_documented_json_shape()
    {
        var (code, output, _) = await RunAsync("bank", "parse", Path.Combine(Root, "cfonb120/pennylane-cfonb/example.txt"), "--json");
        code.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("format").GetString().ShouldBe("cfonb120");
        var statement = json.RootElement.GetProperty("statements")[0];
        statement.GetProperty("openingBalance").GetDecimal().ShouldBe(-190.40m);
        statement.GetProperty("openingDate").GetString().ShouldBe("2019-05-15");
        var tx = statement.GetProperty("transactions")[0];
        tx.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Number);
        tx.GetProperty("amount").GetDecimal().ShouldBe(-32.21m);
        tx.GetProperty("bookingDate").GetString().ShouldBe("2019-05-16");
        foreach (var name in new[] { "valueDate", "currency", "counterpartyName", "counterpartyIban", "remittanceInformation", "endToEndId", "bankReference" })
        {
            tx.TryGetProperty(name, out _).ShouldBeTrue(name);
        }

        statement.GetProperty("account").TryGetProperty("iban", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Parse_of_a_malformed_file_exits_2_with_the_line()
    {
        var (code, _, error) = await RunAsync("bank", "parse", Path.Combine(Root, "cfonb120/pennylane-cfonb/invalid_date.txt"), "--json");
        code.ShouldBe(2);
        error.ShouldContain("line 1");
    }

    [Fact]
    public async Task Parse_with_a_forced_wrong_format_is_rejected()
    {
        var (code, _, error) = await RunAsync("bank", "parse", Path.Combine(Root, "ofx/jseutter-ofxparse/checking.ofx"), "--format", "cfonb120");
        code.ShouldBe(2);
        error.ShouldContain("CFONB 120 line");
    }

    [Fact]
    public async Task Match_reads_the_open_invoice_csv_and_explains_proposals()
    {
        var dir = Directory.CreateTempSubdirectory("encaisse-match");
        var statement = Path.Combine(dir.FullName, "s.xml");
        await File.WriteAllTextAsync(statement, SyntheticStatements.Camt(new DateOnly(2026, 4, 2), 0m,
            new SyntheticStatements.Entry(1200m, "DUPONT", null, "Facture FA-2026-00123"),
            new SyntheticStatements.Entry(99.99m, "INCONNU", null, "don")));
        var csv = Path.Combine(dir.FullName, "open.csv");
        await File.WriteAllTextAsync(csv, "Numéro de facture;Code client;Nom client;Date facture;Date d'échéance;Montant TTC;Devise\n"
            + "FA-2026-00123;411DUPONT;Dupont SARL;01/03/2026;31/03/2026;1 200,00;EUR\n"
            + "FA-2026-00124;411DUPONT;Dupont SARL;01/03/2026;30/04/2026;300,00;EUR\n");
        var (code, output, error) = await RunAsync("match", "--statement", statement, "--invoices", csv, "--json");
        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var match = json.RootElement.GetProperty("matches")[0];
        match.GetProperty("transaction").GetInt32().ShouldBe(0);
        match.GetProperty("invoices")[0].GetProperty("number").GetString().ShouldBe("FA-2026-00123");
        match.GetProperty("invoices")[0].GetProperty("amount").GetDecimal().ShouldBe(1200m);
        match.GetProperty("auto").GetBoolean().ShouldBeTrue();
        match.GetProperty("confidence").GetDecimal().ShouldBeInRange(0.85m, 1m);
        match.GetProperty("reasons").GetArrayLength().ShouldBeGreaterThan(0);
        json.RootElement.GetProperty("unmatched").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([1]);
        dir.Delete(true);
    }

    [Fact]
    public async Task Bank_import_twice_adds_nothing_the_second_time()
    {
        var dir = Directory.CreateTempSubdirectory("encaisse-import");
        var db = Path.Combine(dir.FullName, "e.db");
        var file = Path.Combine(Root, "mt940/oca-bank-statement-import/test-ing.940");
        var first = await RunAsync("bank", "import", file, "--db", db, "--json");
        first.Code.ShouldBe(0, first.Err);
        JsonDocument.Parse(first.Out).RootElement.GetProperty("newTransactions").GetInt32().ShouldBe(8);
        var second = await RunAsync("bank", "import", file, "--db", db, "--json");
        using var json = JsonDocument.Parse(second.Out);
        json.RootElement.GetProperty("newTransactions").GetInt32().ShouldBe(0);
        json.RootElement.GetProperty("alreadyKnown").GetInt32().ShouldBe(8);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir.Delete(true);
    }

    [Fact]
    public async Task Parse_reads_a_statement_whose_balances_do_not_add_up_and_shows_it_flagged()
    {
        var file = Path.Combine(Root, "mt940/jejik-mt940/triodos.txt");
        var (code, output, error) = await RunAsync("bank", "parse", file, "--json");
        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var statement = json.RootElement.GetProperty("statements")[0];
        statement.GetProperty("flagged").GetBoolean().ShouldBeTrue();
        statement.GetProperty("balanceDifference").GetDecimal().ShouldBe(111.40m);
        statement.GetProperty("transactions")[0].GetProperty("details").GetArrayLength().ShouldBe(0);

        var strict = await RunAsync("bank", "parse", file, "--strict");
        strict.Code.ShouldBe(2);
        strict.Err.ShouldContain("balances do not add up");

        (await RunAsync("bank", "parse", file, "--no-balance-check")).Code.ShouldBe(0);
    }

    [Fact]
    public async Task Parse_shows_a_batch_as_one_entry_with_its_details()
    {
        var (code, output, error) = await RunAsync("bank", "parse", Path.Combine(Root, "camt053/oca-bank-statement-import/test-camt053-txdtls.xml"), "--json");
        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var entry = json.RootElement.GetProperty("statements")[0].GetProperty("transactions").EnumerateArray().Single();
        entry.GetProperty("amount").GetDecimal().ShouldBe(3483.00m);
        entry.GetProperty("details").GetArrayLength().ShouldBe(2);
        entry.GetProperty("details")[1].GetProperty("amount").GetDecimal().ShouldBe(1296.00m);
    }

    [Fact]
    public async Task Parse_of_a_cut_file_exits_2_naming_file_line_and_reason()
    {
        var dir = Directory.CreateTempSubdirectory("encaisse-cut");
        var path = Path.Combine(dir.FullName, "cut.sta");
        var text = await File.ReadAllTextAsync(Path.Combine(Root, "mt940/wolph-mt940/cmxl_mt940.sta"));
        await File.WriteAllTextAsync(path, text[..(text.Length / 2)]);
        var (code, _, error) = await RunAsync("bank", "parse", path);
        code.ShouldBe(2);
        error.ShouldContain(path);
        error.ShouldContain("MT940 line ");
        dir.Delete(true);
    }
}
