using System.Text;
using Encaisse.Payments.BankFormats;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class BankFormatTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    private static BankStatementFile Read(string file, bool checkBalances = true)
    {
        using var stream = File.OpenRead(Path.Combine(Root, file));
        return BankStatementReader.Read(stream, null, checkBalances);
    }

    private static BankStatementFile ReadText(string text, BankStatementFormat? format = null) =>
        BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), format);

    [Fact]
    public void Camt_batched_entry_gives_one_transaction_per_detail_with_its_amount_and_party()
    {
        var file = Read("camt053/oca-bank-statement-import/test-camt053-txdtls.xml");
        var tx = file.Statements.Single().Transactions;
        tx.Select(t => t.Amount).ShouldBe([2187.00m, 1296.00m]);
        tx[0].CounterpartyIban.ShouldBe("CH2222000000123456789");
        tx[0].CounterpartyName.ShouldBe("Banque Cantonale Vaudoise");
        tx[0].BookingDate.ShouldBe(new DateOnly(2017, 3, 22));
        tx[0].ValueDate.ShouldBe(new DateOnly(2017, 3, 23));
    }

    [Theory]
    [InlineData("camt053/genkgo-camt/camt053.v3.xml")]
    [InlineData("camt053/genkgo-camt/camt053.v4.xml")]
    [InlineData("camt053/genkgo-camt/camt053.v8.xml")]
    public void Camt_versions_read_the_same_entry(string file)
    {
        // These library fixtures have made-up balances: read them without the balance check to see the entry.
        var tx = Read(file, checkBalances: false).Statements.Single().Transactions.Single();
        tx.Amount.ShouldBe(8.85m);
        tx.Currency.ShouldBe("EUR");
        tx.CounterpartyName.ShouldBe("NAME NAME");
        tx.CounterpartyIban.ShouldBe("NL56AGDH9619008421");
        tx.BookingDate.ShouldBe(new DateOnly(2014, 12, 31));
    }

    [Fact]
    public void Camt_return_reasons_and_mandates_are_kept()
    {
        var tx = Read("camt053/oca-bank-statement-import/test-camt053.xml", checkBalances: false).Statements.Single().Transactions;
        tx.Count.ShouldBe(4);
        tx[1].Amount.ShouldBe(-564.05m);
        tx[1].ReturnReason.ShouldBe("AC06");
        tx[1].MandateReference.ShouldBe("NL22ZZZ524885430000-C0125.1");
    }

    [Fact]
    public void Cfonb_reads_signs_and_complementary_records()
    {
        var file = Read("cfonb120/pennylane-cfonb/example.txt");
        file.Format.ShouldBe(BankStatementFormat.Cfonb120);
        var first = file.Statements[0];
        first.OpeningBalance.ShouldBe(-190.40m);
        first.ClosingBalance.ShouldBe(-241.21m);
        first.Transactions[0].Amount.ShouldBe(-32.21m);
        first.Transactions[0].CounterpartyName.ShouldBe("INTERNET SFR");
        first.Transactions[0].RemittanceInformation!.ShouldContain("MENSUEAUHTR13133");
        file.Statements[1].Transactions[0].Amount.ShouldBe(97.49m);
    }

    [Fact]
    public void Mt940_dutch_details_give_counterparty_remittance_and_return_code()
    {
        var tx = Read("mt940/oca-bank-statement-import/test-ing.940").Statements.Single().Transactions;
        tx.Count.ShouldBe(8);
        tx[0].CounterpartyIban.ShouldBe("NL32INGB0000012345");
        tx[2].RemittanceInformation.ShouldBe("Factuurnr 123456 Klantnr 00123");
        tx[2].ReturnReason.ShouldBe("MS03");
    }

    [Fact]
    public void Mt940_german_details_read_sepa_keywords()
    {
        var tx = Read("mt940/betterplace-mt940_parser/sepa_snippet.txt", checkBalances: false).Statements[0].Transactions[0];
        tx.Amount.ShouldBe(50990.05m);
        tx.CounterpartyIban.ShouldBe("DE14508800500194785000");
        tx.RemittanceInformation.ShouldBe("Verw CTSc-01 BC-PPP TFNr 22 004");
    }

    [Fact]
    public void Ofx_sgml_reads_transactions_and_ledger_balance()
    {
        var statement = Read("ofx/jseutter-ofxparse/checking.ofx").Statements.Single();
        statement.Currency.ShouldBe("USD");
        statement.ClosingBalance.ShouldBe(100.99m);
        statement.Transactions.Select(t => t.Amount).ShouldBe([0.01m, -34.51m, -25.00m]);
    }

    [Theory]
    [InlineData("0130002    00447     0000888899H  160911                                                  0000000000000X                ", "CFONB 120 line 1: amount")]
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:2001010101X5,00NTRFNONREF\n:62F:C200101EUR15,00\n", "MT940 line 4: :61: statement line")]
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:2001010101C5,00NTRFNONREF\n:62F:C200101EUR16,00\n", "MT940 statement ':20:X' (line 1): balances do not add up")]
    [InlineData("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><Stmt>\n</BkToCstmrStmt></Document>", "camt.053: not well-formed XML at line 4")]
    [InlineData("hello world", "Unknown bank statement format")]
    public void Malformed_input_names_the_line_or_element(string text, string expected)
    {
        Should.Throw<StatementFormatException>(() => ReadText(text)).Message.ShouldStartWith(expected);
    }

    [Fact]
    public void Balance_check_can_be_skipped_on_request()
    {
        var file = BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:2001010101C5,00NTRFNONREF\n:62F:C200101EUR16,00\n")), null, checkBalances: false);
        file.TransactionCount.ShouldBe(1);
    }
}

public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">", BankStatementFormat.Camt053)]
    [InlineData("OFXHEADER:100\nDATA:OFXSGML\n<OFX>", BankStatementFormat.Ofx)]
    [InlineData("<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?><OFX>", BankStatementFormat.Ofx)]
    [InlineData("{1:F01INGBNL2ABXXX0000000000}{2:I940INGBNL2AXXXN}{4:\n:20:X", BankStatementFormat.Mt940)]
    [InlineData("ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n", BankStatementFormat.Mt940)]
    [InlineData("0130002    00447     0000888899H  160911                                                  0000000000000H                ", BankStatementFormat.Cfonb120)]
    public void Format_is_recognised_from_the_content(string head, BankStatementFormat expected) =>
        BankStatementReader.Detect(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(head))).ShouldBe(expected);
}
