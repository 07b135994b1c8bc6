using Encaisse.Payments.BankFormats;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// Every bank file of the corpus (copied under Fixtures/Payments/bank, see Fixtures/MANIFEST.md) is either parsed
/// with its balances checked, or rejected with a message naming the line or element. Many library fixtures carry
/// made-up balances that do not add up: those are rejected on purpose (ADR 0500).
/// </summary>
public sealed class BankCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank");

    /// <summary>file → format, statements, transactions when parsed; or the start of the rejection message.</summary>
    public static TheoryData<string, string?, int, int, string?> Expectations => new()
    {
        { "camt053/genkgo-camt/camt053.v2.all-balance-types.xml", null, 0, 0, "camt.053 <Stmt> 'CAMT0532015012200001' (line 10): balances do not add up: opening 1.01 + movements 8.850 = 9.8" },
        { "camt053/genkgo-camt/camt053.v2.five.decimals.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 25): balances do not add up: opening 18.150 + movements 8.850" },
        { "camt053/genkgo-camt/camt053.v2.minimal.ultimate.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 26): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt053.v2.minimal.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 26): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt053.v2.multi.statement.xml", "Camt053", 2, 2, null },
        { "camt053/genkgo-camt/camt053.v2.with-account-name.xml", "Camt053", 1, 1, null },
        { "camt053/genkgo-camt/camt053.v2.with-party-ids.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 26): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt053.v2.wrong.xml", null, 0, 0, "camt.053: <BkToCstmrStmt> contains no <Stmt> element (a statement needs at least one)." },
        { "camt053/genkgo-camt/camt053.v3.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 26): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt053.v4.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 30): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt053.v8.xml", null, 0, 0, "camt.053 <Stmt> '253EURNL26VAYB8060476890' (line 30): balances do not add up: opening 18.15 + movements 8.85 =" },
        { "camt053/genkgo-camt/camt53.only-Dt-with-DtTm.xml", "Camt053", 1, 0, null },
        { "camt053/oca-bank-statement-import/sftp-camt053.xml", "Camt053", 1, 1, null },
        { "camt053/oca-bank-statement-import/test-camt053-bookgdt-dttm.xml", null, 0, 0, "camt.053 <Stmt> '1234Test/1' (line 7): balances do not add up: opening 15568.27 + movements -754.25 = 14814.02" },
        { "camt053/oca-bank-statement-import/test-camt053-no-ntry.xml", "Camt053", 1, 0, null },
        { "camt053/oca-bank-statement-import/test-camt053-txdtls.xml", "Camt053", 1, 2, null },
        { "camt053/oca-bank-statement-import/test-camt053.xml", null, 0, 0, "camt.053 <Stmt> '1234Test/1' (line 7): balances do not add up: opening 15568.27 + movements -12.99 = 15555.28," },
        { "cfonb120/akretion-python-cfonb/bank_statement.cfo", null, 0, 0, "CFONB 120 statement of lines 1-6: balances do not add up: opening 0.08 + movements -2000 = -1999.92, but the c" },
        { "cfonb120/pennylane-cfonb/end_of_statement_without_beginning.txt", null, 0, 0, "CFONB 120 statement of lines 1-6: balances do not add up: opening -190.4 + movements -10.7 = -201.1, but the c" },
        { "cfonb120/pennylane-cfonb/example.txt", "Cfonb120", 2, 6, null },
        { "cfonb120/pennylane-cfonb/invalid_date.txt", null, 0, 0, "CFONB 120 line 1: balance date '  CART' in columns 35-40 is not a date DDMMYY." },
        { "cfonb120/pennylane-cfonb/new_statement_without_previous_ended.txt", null, 0, 0, "CFONB 120 line 6: new statement (record 01) before the previous one was closed by a record 07." },
        { "cfonb120/pennylane-cfonb/operation.txt", null, 0, 0, "CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it." },
        { "cfonb120/pennylane-cfonb/operation_already_defined.txt", null, 0, 0, "CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it." },
        { "cfonb120/pennylane-cfonb/operation_detail_without_operation.txt", null, 0, 0, "CFONB 120 line 3: complementary record 05 without a movement (record 04) before it." },
        { "cfonb120/pennylane-cfonb/operation_out_of_statement.txt", null, 0, 0, "CFONB 120 line 1: movement (record 04) outside a statement: no record 01 before it." },
        { "cfonb120/pennylane-cfonb/operation_unstarted.txt", null, 0, 0, "CFONB 120 line 1: complementary record 05 without a movement (record 04) before it." },
        { "mt940/betterplace-mt940_parser/amount_formats.txt", null, 0, 0, "MT940 line 1: field :60F: outside a statement (no :20: field before it)." },
        { "mt940/betterplace-mt940_parser/colon_in_descriptor.txt", null, 0, 0, "MT940 line 1: field :86: outside a statement (no :20: field before it)." },
        { "mt940/betterplace-mt940_parser/sepa_mt9401.txt", "Mt940", 26, 97, null },
        { "mt940/betterplace-mt940_parser/sepa_snippet.txt", null, 0, 0, "MT940 statement ':20:T089414096000001' (line 25): balances do not add up: opening -1970431.87 + movements -250" },
        { "mt940/betterplace-mt940_parser/sepa_snippet_broken.txt", null, 0, 0, "MT940 statement ':20:T089414086000001' (line 1): balances do not add up: opening 766656.49 + movements 50990.0" },
        { "mt940/betterplace-mt940_parser/with_binary_character.txt", "Mt940", 2, 4, null },
        { "mt940/jejik-mt940/K4262927_20200905-080000-952.txt", "Mt940", 1, 1, null },
        { "mt940/jejik-mt940/abnamro.txt", null, 0, 0, "MT940 statement ':20:ABN AMRO BANK NV' (line 4): balances do not add up: opening 3236.28 + movements -321.44 =" },
        { "mt940/jejik-mt940/bug-core-5401.txt", null, 0, 0, "MT940 statement ':20:DEUTDEMMXXX' (line 1): balances do not add up: opening 0.00 + movements 50.00 = 50.00, bu" },
        { "mt940/jejik-mt940/commerzbank.txt", null, 0, 0, "MT940 statement ':20:01LGX08DLMWH5GWA' (line 1): balances do not add up: opening 0.00 + movements -12.35 = -12" },
        { "mt940/jejik-mt940/deutschebank.txt", null, 0, 0, "MT940 statement ':20:DEUTDEMMXXX' (line 1): balances do not add up: opening 0.00 + movements -12.35 = -12.35, " },
        { "mt940/jejik-mt940/generic.txt", "Mt940", 2, 2, null },
        { "mt940/jejik-mt940/ing-dos.txt", null, 0, 0, "MT940 statement ':20:MPBZ' (line 4): balances do not add up: opening 0.00 + movements -45.59 = -45.59, but the" },
        { "mt940/jejik-mt940/knab.txt", null, 0, 0, "MT940 statement ':20:B4G30MS9D00A003D' (line 12): balances do not add up: opening 3058.98 + movements -6760 = " },
        { "mt940/jejik-mt940/lbbw.txt", "Mt940", 1, 2, null },
        { "mt940/jejik-mt940/oldenburgischelandesbank.txt", null, 0, 0, "MT940 statement ':20:STARTUMS MC' (line 1): balances do not add up: opening 0 + movements 104.50 = 104.50, but" },
        { "mt940/jejik-mt940/oldenburgischelandesbank2.txt", "Mt940", 1, 1, null },
        { "mt940/jejik-mt940/oldenburgischelandesbankmitbindestrich.txt", null, 0, 0, "MT940 statement ':20:STARTUMS' (line 1): balances do not add up: opening 279998.57 + movements 1727.00 = 28172" },
        { "mt940/jejik-mt940/postfinance.txt", null, 0, 0, "MT940 statement ':20:2014040708285928' (line 16): balances do not add up: opening 229.2 + movements -69.8 = 15" },
        { "mt940/jejik-mt940/rabobank-iban.txt", "Mt940", 2, 4, null },
        { "mt940/jejik-mt940/rabobank.txt", null, 0, 0, "MT940 statement ':20:940A110615' (line 2): balances do not add up: opening 473.17 + movements -1213.28 = -740." },
        { "mt940/jejik-mt940/sns.txt", "Mt940", 2, 2, null },
        { "mt940/jejik-mt940/sparkasse.txt", "Mt940", 2, 2, null },
        { "mt940/jejik-mt940/sparkasse2.txt", null, 0, 0, "MT940 statement ':20:STARTUMSE' (line 1): balances do not add up: opening 931052.29 + movements 1027.25 = 9320" },
        { "mt940/jejik-mt940/sparkasse3.txt", null, 0, 0, "MT940 statement ':20:STARTUMSE' (line 1): balances do not add up: opening 931052.29 + movements -1027.25 = 930" },
        { "mt940/jejik-mt940/sparkasse_interim_balance.txt", "Mt940", 3, 2, null },
        { "mt940/jejik-mt940/triodos.txt", null, 0, 0, "MT940 statement ':20:1308728725026/1' (line 1): balances do not add up: opening 4975.09 + movements -715.70 = " },
        { "mt940/jejik-mt940/volksbankenraiffeisenbanken.txt", "Mt940", 8, 12, null },
        { "mt940/oca-bank-statement-import/test-ing-old.940", "Mt940", 1, 8, null },
        { "mt940/oca-bank-statement-import/test-ing.940", "Mt940", 1, 8, null },
        { "mt940/oca-bank-statement-import/test-rabo.swi", "Mt940", 4, 2, null },
        { "mt940/oca-bank-statement-import/test-sns.940", "Mt940", 3, 8, null },
        { "mt940/oca-bank-statement-import/test-wrong-file.940", "Mt940", 1, 1, null },
        { "mt940/wolph-mt940/ASNB_0708271685_09022020_164516.940.txt", "Mt940", 31, 8, null },
        { "mt940/wolph-mt940/cmxl_mt940.sta", "Mt940", 3, 16, null },
        { "mt940/wolph-mt940/mBank_mt940.sta", "Mt940", 1, 3, null },
        { "mt940/wolph-mt940/mBank_with_newline_in_tnr.sta", null, 0, 0, "MT940 statement ':20:ST170201CYC/1' (line 2): balances do not add up: opening 0.46 + movements 89.00 = 89.46, " },
        { "mt940/wolph-mt940/sberbank_171011_01234945.sta", "Mt940", 1, 3, null },
        { "mt940/wolph-mt940/self-provided_details_60-63.sta", null, 0, 0, "MT940 statement ':20:STARTUMS' (line 1): balances do not add up: opening 12345.12 + movements -233.15 = 12111." },
        { "mt940/wolph-mt940/self-provided_february_30.sta", null, 0, 0, "MT940 line 6: :61: value date '160230' is not a valid date YYMMDD." },
        { "mt940/wolph-mt940/self-provided_gv_codes.sta", "Mt940", 1, 2, null },
        { "mt940/wolph-mt940/self-provided_long_statement_number.sta", "Mt940", 1, 0, null },
        { "mt940/wolph-mt940/self-provided_malformed_details.sta", null, 0, 0, "MT940 statement ':20:STARTUMS' (line 1): balances do not add up: opening 12345.12 + movements -233.15 = 12111." },
        { "mt940/wolph-mt940/self-provided_raiffeisen-cmi.sta", null, 0, 0, "MT940 statement ':20:STARTUMS' (line 1): balances do not add up: opening 25170637.10 + movements -1012213.50 =" },
        { "mt940/wolph-mt940/self-provided_raphaelm.sta", "Mt940", 3, 9, null },
        { "mt940/wolph-mt940/self-provided_sparkassen.sta", null, 0, 0, "MT940 line 1: field :61: outside a statement (no :20: field before it)." },
        { "mt940/wolph-mt940/self-provided_transaction_details_wrapped.sta", null, 0, 0, "MT940 line 6: :61: value date '160230' is not a valid date YYMMDD." },
        { "mt940/wolph-mt940/self-provided_whitespace.sta", null, 0, 0, "MT940 statement ':20:STARTUMS' (line 1): balances do not add up: opening 12345.12 + movements -233.15 = 12111." },
        { "mt940/wolph-mt940/self-provided_wrapped_timestamp.sta", null, 0, 0, "MT940 line 5: :61: value date '160230' is not a valid date YYMMDD." },
        { "ofx/csingley-ofxtools/br_nubank_cc.ofx", "Ofx", 1, 6, null },
        { "ofx/csingley-ofxtools/stmtrs.ofx", "Ofx", 1, 2, null },
        { "ofx/csingley-ofxtools/stmtrs_euro.ofx", "Ofx", 1, 2, null },
        { "ofx/jseutter-ofxparse/anzcc.ofx", "Ofx", 1, 1, null },
        { "ofx/jseutter-ofxparse/bank_medium.ofx", "Ofx", 1, 3, null },
        { "ofx/jseutter-ofxparse/bank_small.ofx", null, 0, 0, "OFX: no bank (STMTRS) or card (CCSTMTRS) statement in the file." },
        { "ofx/jseutter-ofxparse/checking.ofx", "Ofx", 1, 3, null },
        { "ofx/jseutter-ofxparse/error_message.ofx", null, 0, 0, "OFX line 22: the file is an error response (STATUS CODE 2000: General Server Error), not a statement." },
        { "ofx/jseutter-ofxparse/fail_nice_date_missing.ofx", null, 0, 0, "OFX <STMTTRN> (line 33): missing <DTPOSTED> (booking date)." },
        { "ofx/jseutter-ofxparse/fail_nice_decimal_error.ofx", null, 0, 0, "OFX <STMTTRN> (line 34): <DTPOSTED> '201120000000' (line 36) is not a date YYYYMMDD." },
        { "ofx/jseutter-ofxparse/fail_nice_empty_balance.ofx", null, 0, 0, "OFX line 37: <LEDGERBAL> has an empty or missing <BALAMT>." },
        { "ofx/jseutter-ofxparse/fidelity-savings.ofx", null, 0, 0, "OFX line 36: investment statement (INVSTMTRS); only bank (STMTRS) and card (CCSTMTRS) statements are supported" },
        { "ofx/jseutter-ofxparse/multiple_accounts.ofx", "Ofx", 2, 0, null },
        { "ofx/jseutter-ofxparse/ofx-v102-empty-tags.ofx", "Ofx", 1, 1, null },
        { "ofx/jseutter-ofxparse/suncorp.ofx", "Ofx", 1, 1, null },
        { "ofx/oca-bank-statement-import/test_ofx.ofx", "Ofx", 2, 4, null },
        { "ofx/oca-bank-statement-import/test_ofx_iban.ofx", "Ofx", 2, 4, null },
        { "ofx/oca-bank-statement-import/test_ofx_wrong.ofx", null, 0, 0, "OFX <STMTRS> (line 21): missing <CURDEF> (statement currency)." },
        { "ofx/tryton-account_statement_ofx/OFX.ofx", "Ofx", 1, 1, null },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Each_corpus_file_is_parsed_or_rejected_clearly(string file, string? format, int statements, int transactions, string? error)
    {
        using var stream = File.OpenRead(Path.Combine(Root, file));
        if (error is null)
        {
            var parsed = BankStatementReader.Read(stream);
            parsed.Format.ToString().ShouldBe(format);
            parsed.Statements.Count.ShouldBe(statements);
            parsed.TransactionCount.ShouldBe(transactions);
        }
        else
        {
            var e = Should.Throw<StatementFormatException>(() => BankStatementReader.Read(stream));
            e.Message.ShouldStartWith(error);
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
        files.Count.ShouldBe(95);
        table.ShouldBe(files);
    }
}
