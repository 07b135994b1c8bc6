using System.Text;
using Encaisse.Payments.BankFormats;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class BankFormatTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    private static BankStatementFile Read(string file, bool strict = false)
    {
        using var stream = File.OpenRead(Path.Combine(Root, file));
        return BankStatementReader.Read(stream, null, strict);
    }

    private static BankStatementFile ReadText(string text, BankStatementFormat? format = null, bool strict = false) =>
        BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, strict);

    [Fact]
    public void Camt_batched_entry_stays_one_entry_with_its_details()
    {
        var file = Read("camt053/oca-bank-statement-import/test-camt053-txdtls.xml");
        var entry = file.Statements.Single().Transactions.Single();
        entry.Amount.ShouldBe(3483.00m);
        entry.BookingDate.ShouldBe(new DateOnly(2017, 3, 22));
        entry.ValueDate.ShouldBe(new DateOnly(2017, 3, 23));
        entry.Details.Select(d => d.Amount).ShouldBe([2187.00m, 1296.00m]);
        entry.Details[0].CounterpartyIban.ShouldBe("CH2222000000123456789");
        entry.Details[0].CounterpartyName.ShouldBe("Banque Cantonale Vaudoise");
        entry.EndToEndId.ShouldBeNull();
    }

    [Theory]
    [InlineData("camt053/genkgo-camt/camt053.v3.xml")]
    [InlineData("camt053/genkgo-camt/camt053.v4.xml")]
    [InlineData("camt053/genkgo-camt/camt053.v8.xml")]
    public void Camt_versions_read_the_same_entry(string file)
    {
        // These library fixtures have made-up balances: read them without the balance check to see the entry.
        var tx = Read(file).Statements.Single().Transactions.Single();
        tx.Amount.ShouldBe(8.85m);
        tx.Currency.ShouldBe("EUR");
        tx.CounterpartyName.ShouldBe("NAME NAME");
        tx.CounterpartyIban.ShouldBe("NL56AGDH9619008421");
        tx.BookingDate.ShouldBe(new DateOnly(2014, 12, 31));
    }

    [Fact]
    public void Camt_return_reasons_and_mandates_are_kept()
    {
        var tx = Read("camt053/oca-bank-statement-import/test-camt053.xml").Statements.Single().Transactions;
        tx.Count.ShouldBe(3);
        var returned = tx.SelectMany(t => t.Details).Single(d => d.Amount == -564.05m);
        returned.ReturnReason.ShouldBe("AC06");
        returned.MandateReference.ShouldBe("NL22ZZZ524885430000-C0125.1");
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
        var tx = Read("mt940/betterplace-mt940_parser/sepa_snippet.txt").Statements[0].Transactions[0];
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
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:2001010101C5,00NTRFNONREF\n", "MT940 line 4: statement ':20:X' opened on line 1 ends without its closing balance")]
    [InlineData("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><Stmt>\n</BkToCstmrStmt></Document>", "camt.053: not well-formed XML at line 4")]
    [InlineData("hello world", "Unknown bank statement format")]
    public void Malformed_input_names_the_line_or_element(string text, string expected)
    {
        Should.Throw<StatementFormatException>(() => ReadText(text)).Message.ShouldStartWith(expected);
    }

    [Fact]
    public void Unbalanced_statement_is_read_and_flagged_with_the_difference_and_refused_when_strict()
    {
        const string text = ":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:2001010101C5,00NTRFNONREF\n:62F:C200101EUR16,00\n";
        var statement = ReadText(text).Statements.Single();
        statement.IsFlagged.ShouldBeTrue();
        statement.BalanceDifference.ShouldBe(1.00m);
        statement.Transactions.Single().Amount.ShouldBe(5.00m);
        Should.Throw<StatementFormatException>(() => ReadText(text, strict: true)).Message
            .ShouldStartWith("MT940 statement ':20:X' (line 1): balances do not add up");
    }

    [Theory]
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10.00\n:61:2001010101C5.50NTRFNONREF\n:62F:C200101EUR15.50\n", "5.50")]
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:200101C5,50//BANKREF\n:62F:C200101EUR15,50\n", "5.50")]
    [InlineData(":20:X\n:25:123\n:60F:C200101EUR10,00\n:61:200101D5,50NONREF\n:62F:C200101EUR4,50\n", "-5.50")]
    public void Mt940_variants_with_a_decimal_point_or_without_transaction_type_are_read(string text, string expected)
    {
        var statement = ReadText(text).Statements.Single();
        statement.IsFlagged.ShouldBeFalse();
        statement.Transactions.Single().Amount.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Ofx_all_zero_dates_and_stray_end_tags_are_read()
    {
        const string ofx = "OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>2</BANKACCTFROM>"
            + "<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240102<TRNAMT>10.00<FITID>A</MEMO></STMTTRN></BANKTRANLIST>"
            + "<LEDGERBAL><BALAMT>10.00<DTASOF>00000000</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        var statement = ReadText(ofx).Statements.Single();
        statement.ClosingBalance.ShouldBe(10.00m);
        statement.ClosingDate.ShouldBeNull();
        statement.Transactions.Single().Amount.ShouldBe(10.00m);
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
