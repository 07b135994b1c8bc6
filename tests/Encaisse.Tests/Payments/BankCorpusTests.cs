using System.Globalization;
using Encaisse.Payments.BankFormats;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>What reading a corpus file gives: the format and counts as the bank shows them, or the start of the refusal.</summary>
public sealed record CorpusOutcome(string? Format, int Statements, int Entries, int Details, string NetMovement, int Flagged, string Difference, string? Refusal)
{
    public CorpusOutcome(string format, int statements, int entries, int details, string netMovement, int flagged, string difference)
        : this(format, statements, entries, details, netMovement, flagged, difference, null)
    {
    }

    public CorpusOutcome(string refusal)
        : this(null, 0, 0, 0, "0", 0, "0", refusal)
    {
    }

    public override string ToString() => Refusal ?? $"{Format} {Statements}/{Entries}";
}

/// <summary>
/// Every bank file of the corpus (copied under Fixtures/Payments/bank, see Fixtures/MANIFEST.md) is read, or refused with
/// a message naming the line or element. A file that can be read is read: a statement whose balances do not add up is
/// flagged with the difference (ADR 0502), not refused. Entries are counted as the bank shows them (a camt batch is one
/// entry with its details). The net movement is the sum of the entries; for each statement that gives both balances,
/// closing − opening − movements is exactly the flagged difference (zero when not flagged).
/// </summary>
public sealed class BankCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    /// <summary>file → outcome: (format, statements, entries, batch details, net movement, flagged statements, Σ differences) or the refusal.</summary>
    public static TheoryData<string, CorpusOutcome> Expectations => new()
    {
        { "camt053/genkgo-camt/camt053.v2.all-balance-types.xml", new("Camt053", 1, 1, 0, "8.850", 1, "-5.820") },
        { "camt053/genkgo-camt/camt053.v2.five.decimals.xml", new("Camt053", 1, 1, 0, "8.850", 1, "0.050") },
        { "camt053/genkgo-camt/camt053.v2.minimal.ultimate.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt053.v2.minimal.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt053.v2.multi.statement.xml", new("Camt053", 2, 2, 0, "1.85", 0, "0") },
        { "camt053/genkgo-camt/camt053.v2.with-account-name.xml", new("Camt053", 1, 1, 0, "8.85", 0, "0") },
        { "camt053/genkgo-camt/camt053.v2.with-party-ids.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt053.v2.wrong.xml", new("camt.053: <BkToCstmrStmt> contains no <Stmt> element (a statement needs at least one).") },
        { "camt053/genkgo-camt/camt053.v3.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt053.v4.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt053.v8.xml", new("Camt053", 1, 1, 0, "8.85", 1, "-54.00") },
        { "camt053/genkgo-camt/camt53.only-Dt-with-DtTm.xml", new("Camt053", 1, 0, 0, "0", 0, "0") },
        { "camt053/oca-bank-statement-import/sftp-camt053.xml", new("Camt053", 1, 1, 0, "-1200.00", 0, "0") },
        { "camt053/oca-bank-statement-import/test-camt053-bookgdt-dttm.xml", new("Camt053", 1, 1, 0, "-754.25", 1, "307.10") },
        { "camt053/oca-bank-statement-import/test-camt053-multi-currency.xml", new("Camt053", 1, 2, 0, "-445.21", 0, "0") },
        { "camt053/oca-bank-statement-import/test-camt053-no-ntry.xml", new("Camt053", 1, 0, 0, "0", 0, "0") },
        { "camt053/oca-bank-statement-import/test-camt053-txdtls.xml", new("Camt053", 1, 1, 2, "3483.00", 0, "0") },
        { "camt053/oca-bank-statement-import/test-camt053-wrong-amount.xml", new("camt.053 <Stmt> '20220414375204816306878' (line 14) <Ntry> #2 (line 93): missing <Amt>.") },
        { "camt053/oca-bank-statement-import/test-camt053.xml", new("Camt053", 1, 3, 2, "-12.99", 1, "-434.16") },
        { "cfonb120/akretion-python-cfonb/bank_statement.cfo", new("Cfonb120", 1, 4, 0, "-2000", 1, "13871.06") },
        { "cfonb120/oca-l10n-france/cfonb_classic.cfo", new("Cfonb120", 1, 13, 0, "14273.90", 0, "0") },
        { "cfonb120/oca-l10n-france/cfonb_no_carriage_return.cfo", new("Cfonb120", 1, 13, 0, "14273.90", 0, "0") },
        { "cfonb120/pennylane-cfonb/end_of_statement_without_beginning.txt", new("CFONB 120 line 9: end of statement (record 07) without a record 01 before it.") },
        { "cfonb120/pennylane-cfonb/example.txt", new("Cfonb120", 2, 6, 0, "26.68", 0, "0") },
        { "cfonb120/pennylane-cfonb/invalid_date.txt", new("CFONB 120 line 1: balance date '  CART' in columns 35-40 is not a date DDMMYY.") },
        { "cfonb120/pennylane-cfonb/new_statement_without_previous_ended.txt", new("CFONB 120 line 6: new statement (record 01) before the previous one was closed by a record 07.") },
        { "cfonb120/pennylane-cfonb/operation.txt", new("CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it.") },
        { "cfonb120/pennylane-cfonb/operation_already_defined.txt", new("CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it.") },
        { "cfonb120/pennylane-cfonb/operation_detail_without_operation.txt", new("CFONB 120 line 3: complementary record 05 without a movement (record 04) before it.") },
        { "cfonb120/pennylane-cfonb/operation_out_of_statement.txt", new("CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it.") },
        { "cfonb120/pennylane-cfonb/operation_unstarted.txt", new("CFONB 120 line 1: complementary record 05 without a movement (record 04) before it.") },
        { "cfonb120/silarhi-cfonb-parser/cfonb.120-complex-test.txt", new("Cfonb120", 8, 5, 0, "-5210.90", 0, "0") },
        { "cfonb120/silarhi-cfonb-parser/cfonb.120-simple-test.txt", new("Cfonb120", 1, 0, 0, "0", 0, "0") },
        { "cfonb120/silarhi-cfonb-parser/non-strict-test.txt", new("Cfonb120", 8, 5, 0, "-5210.90", 0, "0") },
        { "cfonb120/silarhi-cfonb-parser/test-unused-parts.txt", new("Cfonb120", 8, 0, 0, "0", 0, "0") },
        { "mt940/betterplace-mt940_parser/amount_formats.txt", new("MT940 line 1: field :60F: outside a statement (no :20: field before it).") },
        { "mt940/betterplace-mt940_parser/colon_in_descriptor.txt", new("MT940 line 1: field :86: outside a statement (no :20: field before it).") },
        { "mt940/betterplace-mt940_parser/sepa_mt9401.txt", new("Mt940", 26, 97, 0, "-9269135.90", 0, "0") },
        { "mt940/betterplace-mt940_parser/sepa_snippet.txt", new("Mt940", 2, 11, 0, "-2143323.39", 1, "300.08") },
        { "mt940/betterplace-mt940_parser/sepa_snippet_broken.txt", new("Mt940", 1, 1, 0, "50990.05", 1, "307603.86") },
        { "mt940/betterplace-mt940_parser/with_binary_character.txt", new("Mt940", 2, 4, 0, "-179066.75", 0, "0") },
        { "mt940/jejik-mt940/K4262927_20200905-080000-952.txt", new("MT940 line 6: statement ':20:STARTUMS TA' opened on line 1 ends without its closing balance :62F: or :62M: (fi") },
        { "mt940/jejik-mt940/abnamro.txt", new("Mt940", 2, 10, 0, "-345.93", 2, "-3040.60") },
        { "mt940/jejik-mt940/abnamro2.txt", new("Mt940", 1, 1, 0, "500.01", 0, "0") },
        { "mt940/jejik-mt940/bayerischelandesbank.txt", new("Mt940", 1, 1, 0, "0.71", 1, "165.18") },
        { "mt940/jejik-mt940/bil.txt", new("Mt940", 1, 1, 0, "-4", 0, "0") },
        { "mt940/jejik-mt940/bug-core-5401.txt", new("Mt940", 1, 1, 0, "50.00", 1, "-50.00") },
        { "mt940/jejik-mt940/commerzbank.txt", new("Mt940", 1, 1, 0, "-12.35", 1, "12.35") },
        { "mt940/jejik-mt940/deutschebank.txt", new("Mt940", 1, 1, 0, "-12.35", 1, "12.35") },
        { "mt940/jejik-mt940/generic.txt", new("Mt940", 2, 2, 0, "-20.00", 0, "0") },
        { "mt940/jejik-mt940/ing-4.txt", new("Mt940", 1, 4, 0, "0.00", 0, "0") },
        { "mt940/jejik-mt940/ing-dos.txt", new("Mt940", 1, 7, 0, "-45.59", 1, "49.06") },
        { "mt940/jejik-mt940/ing-unix-2.txt", new("Mt940", 1, 7, 0, "-65.03", 1, "65.03") },
        { "mt940/jejik-mt940/knab.txt", new("Mt940", 2, 3, 0, "-6260", 1, "4500.00") },
        { "mt940/jejik-mt940/landesbankhessen.txt", new("Mt940", 1, 1, 0, "0.00", 0, "0") },
        { "mt940/jejik-mt940/lbbw.txt", new("Mt940", 1, 2, 0, "0.00", 0, "0") },
        { "mt940/jejik-mt940/lbbw2.txt", new("MT940 line 4: balance :60F:C221004EURO0,00 is not in the form C|D YYMMDD CCY amount.") },
        { "mt940/jejik-mt940/oldenburgischelandesbank.txt", new("Mt940", 1, 1, 0, "104.50", 1, "-104.50") },
        { "mt940/jejik-mt940/oldenburgischelandesbank2.txt", new("MT940 line 6: statement ':20:STARTUMS TA' opened on line 1 ends without its closing balance :62F: or :62M: (fi") },
        { "mt940/jejik-mt940/oldenburgischelandesbankmitbindestrich.txt", new("Mt940", 1, 1, 0, "1727.00", 1, "-281725.57") },
        { "mt940/jejik-mt940/paribas.txt", new("Mt940", 2, 2, 0, "-20.00", 0, "0") },
        { "mt940/jejik-mt940/postfinance.txt", new("Mt940", 2, 4, 0, "159.4", 1, "0.2") },
        { "mt940/jejik-mt940/rabobank-iban.txt", new("Mt940", 2, 4, 0, "-70.00", 0, "0") },
        { "mt940/jejik-mt940/rabobank.txt", new("Mt940", 4, 5, 0, "-1589.09", 2, "1372.49") },
        { "mt940/jejik-mt940/raiffeisen-kaernten.txt", new("Mt940", 1, 1, 0, "1.00", 0, "0") },
        { "mt940/jejik-mt940/raiffeisen.txt", new("Mt940", 1, 1, 0, "1.00", 0, "0") },
        { "mt940/jejik-mt940/sns.txt", new("Mt940", 2, 2, 0, "-25.00", 0, "0") },
        { "mt940/jejik-mt940/solaris.txt", new("Mt940", 1, 1, 0, "-1.00", 1, "3.00") },
        { "mt940/jejik-mt940/sparkasse.txt", new("Mt940", 2, 2, 0, "-40.00", 0, "0") },
        { "mt940/jejik-mt940/sparkasse2.txt", new("Mt940", 1, 1, 0, "1027.25", 1, "-775.04") },
        { "mt940/jejik-mt940/sparkasse3.txt", new("Mt940", 1, 1, 0, "-1027.25", 1, "1279.46") },
        { "mt940/jejik-mt940/sparkasse_interim_balance.txt", new("Mt940", 3, 2, 0, "-40.00", 0, "0") },
        { "mt940/jejik-mt940/triodos.txt", new("Mt940", 1, 2, 0, "-715.70", 1, "111.40") },
        { "mt940/jejik-mt940/volksbankenraiffeisenbanken.txt", new("Mt940", 8, 12, 0, "745.00", 0, "0") },
        { "mt940/oca-bank-statement-import/test-ing-old.940", new("Mt940", 1, 8, 0, "-97.88", 0, "0") },
        { "mt940/oca-bank-statement-import/test-ing.940", new("Mt940", 1, 8, 0, "-97.88", 0, "0") },
        { "mt940/oca-bank-statement-import/test-rabo.swi", new("Mt940", 4, 2, 0, "365.39", 0, "0") },
        { "mt940/oca-bank-statement-import/test-sns.940", new("MT940 line 73: statement ':20:0000000000' opened on line 60 ends without its closing balance :62F: or :62M: (f") },
        { "mt940/oca-bank-statement-import/test-wrong-file.940", new("Mt940", 1, 1, 0, "400.00", 0, "0") },
        { "mt940/svenstaro-mt940-rs/MT940_FI_Example.sta", new("Mt940", 1, 6, 0, "-1357.10", 0, "0") },
        { "mt940/svenstaro-mt940-rs/MT940_NO_Example.txt", new("Mt940", 13, 24, 0, "2382649.02", 0, "0") },
        { "mt940/wolph-mt940/ASNB_0708271685_09022020_164516.940.txt", new("Mt940", 31, 8, 0, "56.94", 0, "0") },
        { "mt940/wolph-mt940/cmxl_mt940.sta", new("Mt940", 3, 16, 0, "12327.30", 0, "0") },
        { "mt940/wolph-mt940/mBank_mt940.sta", new("Mt940", 1, 3, 0, "0.03", 0, "0") },
        { "mt940/wolph-mt940/mBank_with_newline_in_tnr.sta", new("Mt940", 1, 2, 0, "89.00", 1, "770.71") },
        { "mt940/wolph-mt940/sberbank_171011_01234945.sta", new("Mt940", 1, 3, 0, "-9437.00", 0, "0") },
        { "mt940/wolph-mt940/self-provided_details_60-63.sta", new("Mt940", 1, 1, 0, "-233.15", 1, "234.01") },
        { "mt940/wolph-mt940/self-provided_february_30.sta", new("MT940 line 6: :61: value date '160230' is not a valid date YYMMDD.") },
        { "mt940/wolph-mt940/self-provided_gv_codes.sta", new("MT940 line 7: statement ':20:STARTUMS' opened on line 1 ends without its closing balance :62F: or :62M: (file ") },
        { "mt940/wolph-mt940/self-provided_long_statement_number.sta", new("Mt940", 1, 0, 0, "0", 0, "0") },
        { "mt940/wolph-mt940/self-provided_malformed_details.sta", new("Mt940", 1, 1, 0, "-233.15", 1, "234.01") },
        { "mt940/wolph-mt940/self-provided_raiffeisen-cmi.sta", new("Mt940", 1, 7, 0, "-1012213.50", 1, "1123264.00") },
        { "mt940/wolph-mt940/self-provided_raphaelm.sta", new("Mt940", 3, 9, 0, "95000.00", 0, "0") },
        { "mt940/wolph-mt940/self-provided_sparkassen.sta", new("MT940 line 1: field :61: outside a statement (no :20: field before it).") },
        { "mt940/wolph-mt940/self-provided_transaction_details_wrapped.sta", new("MT940 line 6: :61: value date '160230' is not a valid date YYMMDD.") },
        { "mt940/wolph-mt940/self-provided_whitespace.sta", new("Mt940", 1, 1, 0, "-233.15", 1, "234.01") },
        { "mt940/wolph-mt940/self-provided_wrapped_timestamp.sta", new("MT940 line 5: :61: value date '160230' is not a valid date YYMMDD.") },
        { "mt940/zilverline-mt940/deutsche_bank.txt", new("Mt940", 1, 2, 0, "4.00", 1, "1.87") },
        { "mt940/zilverline-mt940/ing_00_00.txt", new("Mt940", 1, 1, 0, "-100.00", 0, "0") },
        { "mt940/zilverline-mt940/knab_empty.txt", new("Mt940", 1, 0, 0, "0", 0, "0") },
        { "mt940/zilverline-mt940/knab_invalid.txt", new("MT940 line 7: statement ':20:ABG34MSFKJ11FACJ' opened on line 2 ends without its closing balance :62F: or :62M") },
        { "mt940/zilverline-mt940/knab_two_blocks.txt", new("Mt940", 2, 3, 0, "1060", 0, "0") },
        { "mt940/zilverline-mt940/moneyou.txt", new("Mt940", 1, 2, 0, "11.76", 0, "0") },
        { "mt940/zilverline-mt940/rabobank_dash_as_start_of_line.txt", new("Mt940", 1, 1, 0, "1000.00", 0, "0") },
        { "mt940/zilverline-mt940/rabobank_mt940_structured.txt", new("Mt940", 2, 9, 0, "17698.39", 0, "0") },
        { "mt940/zilverline-mt940/triodos_iban.txt", new("Mt940", 1, 3, 0, "948.00", 0, "0") },
        { "mt940/zilverline-mt940/van_lanschot.txt", new("Mt940", 3, 4, 0, "-203.99", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-bpbfc.ofx", new("Ofx", 1, 6, 0, "-53.49", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-credit-card.ofx", new("Ofx", 1, 1, 0, "-100.00", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-emptyDateTime.ofx", new("OFX <STMTRS> (line 28): missing <BANKACCTFROM>/<CCACCTFROM>.") },
        { "ofx/asgrim-ofxparser/ofxdata-memoWithAmpersand.ofx", new("Ofx", 1, 16, 0, "393.82", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-oneline-with-closing-tags.ofx", new("Ofx", 1, 8, 0, "-1977.10", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-oneline.ofx", new("Ofx", 1, 8, 0, "-1977.10", 0, "0") },
        { "ofx/asgrim-ofxparser/ofxdata-selfclose.ofx", new("OFX line 82: <LEDGERBAL> has an empty or missing <BALAMT>.") },
        { "ofx/csingley-ofxtools/br_nubank_cc.ofx", new("Ofx", 1, 6, 0, "-1280.91", 0, "0") },
        { "ofx/csingley-ofxtools/stmtrs.ofx", new("Ofx", 1, 2, 0, "-500.00", 0, "0") },
        { "ofx/csingley-ofxtools/stmtrs_euro.ofx", new("Ofx", 1, 2, 0, "-500.00", 0, "0") },
        { "ofx/jseutter-ofxparse/anzcc.ofx", new("Ofx", 1, 1, 0, "-5.50", 0, "0") },
        { "ofx/jseutter-ofxparse/bank_medium.ofx", new("Ofx", 1, 3, 0, "-345.27", 0, "0") },
        { "ofx/jseutter-ofxparse/bank_small.ofx", new("OFX: no bank (STMTRS) or card (CCSTMTRS) statement in the file.") },
        { "ofx/jseutter-ofxparse/chase_cc.qfx", new("Ofx", 1, 1, 0, "-10.00", 0, "0") },
        { "ofx/jseutter-ofxparse/checking.ofx", new("Ofx", 1, 3, 0, "-59.50", 0, "0") },
        { "ofx/jseutter-ofxparse/error_message.ofx", new("OFX line 22: the file is an error response (STATUS CODE 2000: General Server Error), not a statement.") },
        { "ofx/jseutter-ofxparse/fail_nice_date_missing.ofx", new("OFX <STMTTRN> (line 33): missing <DTPOSTED> (booking date).") },
        { "ofx/jseutter-ofxparse/fail_nice_decimal_error.ofx", new("OFX <STMTTRN> (line 34): <DTPOSTED> '201120000000' (line 36) is not a date YYYYMMDD.") },
        { "ofx/jseutter-ofxparse/fail_nice_empty_balance.ofx", new("OFX line 37: <LEDGERBAL> has an empty or missing <BALAMT>.") },
        { "ofx/jseutter-ofxparse/fidelity-savings.ofx", new("OFX line 36: investment statement (INVSTMTRS); only bank (STMTRS) and card (CCSTMTRS) statements are supported") },
        { "ofx/jseutter-ofxparse/multiple_accounts.ofx", new("Ofx", 2, 0, 0, "0", 0, "0") },
        { "ofx/jseutter-ofxparse/ofx-v102-empty-tags.ofx", new("Ofx", 1, 1, 0, "12.34", 0, "0") },
        { "ofx/jseutter-ofxparse/signon_fail.ofx", new("OFX line 11: the file is an error response (STATUS CODE 15500: Your request could not be processed because you") },
        { "ofx/jseutter-ofxparse/suncorp.ofx", new("Ofx", 1, 1, 0, "-16.85", 0, "0") },
        { "ofx/oca-bank-statement-import/test_ofx.ofx", new("Ofx", 2, 4, 0, "-360", 0, "0") },
        { "ofx/oca-bank-statement-import/test_ofx_iban.ofx", new("Ofx", 2, 4, 0, "-360", 0, "0") },
        { "ofx/oca-bank-statement-import/test_ofx_wrong.ofx", new("OFX <STMTRS> (line 21): missing <CURDEF> (statement currency).") },
        { "ofx/tryton-account_statement_ofx/OFX.ofx", new("Ofx", 1, 1, 0, "100.00", 0, "0") },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Each_corpus_file_is_read_or_refused_clearly(string file, CorpusOutcome expected)
    {
        using var stream = File.OpenRead(Path.Combine(Root, file));
        if (expected.Refusal is not null)
        {
            Should.Throw<StatementFormatException>(() => BankStatementReader.Read(stream)).Message.ShouldStartWith(expected.Refusal);
            return;
        }

        var parsed = BankStatementReader.Read(stream);
        parsed.Format.ToString().ShouldBe(expected.Format);
        parsed.Statements.Count.ShouldBe(expected.Statements);
        parsed.TransactionCount.ShouldBe(expected.Entries);
        parsed.Statements.Sum(s => s.Transactions.Sum(t => t.Details.Count)).ShouldBe(expected.Details);
        parsed.Statements.Sum(s => s.Transactions.Sum(t => t.Amount)).ShouldBe(Decimal(expected.NetMovement));
        parsed.FlaggedCount.ShouldBe(expected.Flagged);
        parsed.Statements.Sum(s => s.BalanceDifference ?? 0m).ShouldBe(Decimal(expected.Difference));
        foreach (var statement in parsed.Statements)
        {
            var movements = statement.Transactions.Sum(t => t.Amount);
            if (statement.OpeningBalance is { } opening && statement.ClosingBalance is { } closing)
            {
                (closing - opening - movements).ShouldBe(statement.BalanceDifference ?? 0m);
            }
            else
            {
                statement.IsFlagged.ShouldBeFalse();
            }

            foreach (var entry in statement.Transactions.Where(t => t.Details.Count > 0 && t.Details.All(d => d.Amount is not null)))
            {
                entry.Details.Sum(d => d.Amount!.Value).ShouldBe(entry.Amount, "a batch's details add up to the entry");
            }
        }

        if (expected.Flagged > 0)
        {
            using var again = File.OpenRead(Path.Combine(Root, file));
            Should.Throw<StatementFormatException>(() => BankStatementReader.Read(again, strict: true)).Message.ShouldContain("balances do not add up");
        }
    }

    [Fact]
    public void The_table_covers_every_copied_bank_file()
    {
        var files = Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var table = Expectations.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBe(135);
        table.ShouldBe(files);
    }

    private static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
