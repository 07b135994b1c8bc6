using System.Text;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// Issue 17: a statement file cut anywhere is refused, or — when the cut falls exactly between complete statements —
/// read as those complete statements only, never as a partial statement; importing the cut file and then the whole file
/// stores each transaction once. Hostile nesting is refused.
/// </summary>
public sealed class BankCutTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    /// <summary>Real files with several statements, one or more per format and line-ending style.</summary>
    public static TheoryData<string> CutFiles => new()
    {
        "mt940/wolph-mt940/cmxl_mt940.sta",
        "mt940/jejik-mt940/sparkasse.txt",
        "mt940/zilverline-mt940/knab_two_blocks.txt",
        "mt940/jejik-mt940/abnamro.txt",
        "ofx/oca-bank-statement-import/test_ofx.ofx",
        "ofx/jseutter-ofxparse/checking.ofx",
        "ofx/asgrim-ofxparser/ofxdata-oneline.ofx",
        "camt053/genkgo-camt/camt053.v2.multi.statement.xml",
        "camt053/oca-bank-statement-import/test-camt053-multi-currency.xml",
        "cfonb120/pennylane-cfonb/example.txt",
        "cfonb120/silarhi-cfonb-parser/cfonb.120-complex-test.txt",
    };

    internal static BankStatementFile? TryRead(byte[] bytes)
    {
        try
        {
            return BankStatementReader.Read(new MemoryStream(bytes));
        }
        catch (StatementFormatException)
        {
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(CutFiles))]
    public void Every_cut_is_refused_or_yields_only_complete_statements(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, file));
        var full = BankStatementReader.Read(new MemoryStream(bytes));
        var step = Math.Max(1, bytes.Length / 3000);
        var accepted = 0;
        for (var cut = 1; cut < bytes.Length; cut += step)
        {
            var parsed = TryRead(bytes[..cut]);
            if (parsed is null)
            {
                continue;
            }

            accepted++;
            parsed.Statements.Count.ShouldBeLessThanOrEqualTo(full.Statements.Count, $"cut at byte {cut}");
            for (var i = 0; i < parsed.Statements.Count; i++)
            {
                SameStatement(parsed.Statements[i], full.Statements[i], $"{file} cut at byte {cut}, statement {i + 1}");
            }
        }

        // Only whole statements are ever accepted: the cuts that parse are few (the statement boundaries and the end).
        accepted.ShouldBeLessThan(bytes.Length / step / 2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_a_cut_file_then_the_whole_file_stores_each_transaction_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = FakeClock.At(new DateOnly(2026, 4, 2));
        foreach (var file in new[] { "mt940/jejik-mt940/sparkasse.txt", "mt940/zilverline-mt940/knab_two_blocks.txt", "ofx/oca-bank-statement-import/test_ofx.ofx", "cfonb120/pennylane-cfonb/example.txt", "camt053/genkgo-camt/camt053.v2.multi.statement.xml" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(Root, file));
            var full = BankStatementReader.Read(new MemoryStream(bytes));
            var seen = new HashSet<int>();
            var tenants = 0;
            for (var cut = 1; cut < bytes.Length; cut++)
            {
                if (TryRead(bytes[..cut]) is not { } parsed || !seen.Add(parsed.TransactionCount))
                {
                    continue;
                }

                var tenant = await database.AddTenantAsync($"cut{Path.GetFileNameWithoutExtension(file).Length}x{++tenants}x{cut}");
                await using (var db = database.For(tenant))
                {
                    await StatementImport.ImportAsync(db, parsed, "cut", clock, null, default);
                }

                await using (var db = database.For(tenant))
                {
                    await StatementImport.ImportAsync(db, full, "full", clock, null, default);
                    (await db.Set<BankTransaction>().CountAsync()).ShouldBe(full.TransactionCount, $"{file} cut at byte {cut}");
                }
            }

            seen.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void A_mt940_statement_cut_before_its_closing_balance_is_refused_with_the_line()
    {
        var text = File.ReadAllText(Path.Combine(Root, "mt940/jejik-mt940/sparkasse.txt"));
        var cut = text[..text.LastIndexOf(":62F:", StringComparison.Ordinal)];
        var e = Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(cut))));
        e.Message.ShouldContain("ends without its closing balance :62F: or :62M:");
        e.Message.ShouldStartWith("MT940 line ");
    }

    [Fact]
    public void An_ofx_cut_inside_its_transaction_list_is_refused()
    {
        var text = File.ReadAllText(Path.Combine(Root, "ofx/jseutter-ofxparse/checking.ofx"));
        var cut = text[..text.IndexOf("</STMTTRN>", StringComparison.Ordinal)];
        Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(cut))))
            .Message.ShouldContain("the file ends inside the statement <STMTRS>");
    }

    [Fact]
    public void Deeply_nested_camt_is_refused()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>");
        xml.Insert(xml.Length, "<a>", 100_000).Insert(xml.Length, "</a>", 100_000).Append("</Stmt></BkToCstmrStmt></Document>");
        Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml.ToString()))))
            .Message.ShouldContain("nested deeper than");

        var outside = new StringBuilder("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>");
        outside.Insert(outside.Length, "<x>", 100_000);
        Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(outside.ToString()))))
            .Message.ShouldContain("nested deeper than");
    }

    [Fact]
    public void Camt_with_a_document_type_declaration_is_refused()
    {
        const string xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>&b;</Stmt></BkToCstmrStmt></Document>";
        Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), BankStatementFormat.Camt053))
            .Message.ShouldStartWith("camt.053: not well-formed XML");
    }

    [Fact]
    public void Deeply_nested_ofx_is_refused()
    {
        var ofx = new StringBuilder("OFXHEADER:100\nDATA:OFXSGML\n<OFX><BANKMSGSRSV1>");
        ofx.Insert(ofx.Length, "<AGG>", 100_000).Insert(ofx.Length, "</AGG>", 100_000).Append("</BANKMSGSRSV1></OFX>");
        Should.Throw<StatementFormatException>(() => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(ofx.ToString()))))
            .Message.ShouldContain("nested deeper than");
    }

    private static void SameStatement(BankStatementData actual, BankStatementData expected, string where)
    {
        actual.Account.ShouldBe(expected.Account, where);
        actual.Currency.ShouldBe(expected.Currency, where);
        actual.StatementId.ShouldBe(expected.StatementId, where);
        actual.OpeningBalance.ShouldBe(expected.OpeningBalance, where);
        actual.OpeningDate.ShouldBe(expected.OpeningDate, where);
        actual.ClosingBalance.ShouldBe(expected.ClosingBalance, where);
        actual.ClosingDate.ShouldBe(expected.ClosingDate, where);
        actual.BalanceDifference.ShouldBe(expected.BalanceDifference, where);
        actual.Transactions.Count.ShouldBe(expected.Transactions.Count, where);
        for (var i = 0; i < actual.Transactions.Count; i++)
        {
            (actual.Transactions[i] with { Details = [] }).ShouldBe(expected.Transactions[i] with { Details = [] }, where);
            actual.Transactions[i].Details.ShouldBe(expected.Transactions[i].Details, where);
        }
    }
}
