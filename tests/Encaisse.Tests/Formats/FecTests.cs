using System.Text;
using Encaisse.Formats;
using Encaisse.Formats.Fec;
using Encaisse.Ledger;
using Shouldly;

namespace Encaisse.Tests.Formats;

public class FecTests
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Formats", "fec", name);

    internal static FecLedger Load(string name, out ImportIssues issues)
    {
        issues = new ImportIssues();
        using var stream = File.OpenRead(FixturePath(name));
        var encoding = Encaisse.Formats.TabularFile.DetectEncoding(stream);
        using var reader = new StreamReader(stream, encoding, true);
        return FecLedger.Build(FecReader.Read(reader, issues));
    }

    /// <summary>
    /// Expected figures checked independently with awk over the 411 lines of each file: customers = distinct
    /// CompAuxNum (or CompteNum when empty); debits/credits = sums of Debit−Credit by sign; open = for each
    /// (account, auxiliary, EcritureLet) group max(0, debits − credits), plus every unlettered debit.
    /// </summary>
    [Theory]
    [InlineData("0000000001FEC20220831.txt", 538, 17, "1185535.04", "1133017.80", 31, "119858.33")]
    [InlineData("000000000FEC20231231.txt", 153, 4, "187770.84", "159999.14", 20, "187770.84")]
    [InlineData("111111111FEC20221231.TXT", 151, 34, "53638.78", "39222.26", 30, "14900.54")]
    [InlineData("123456789FEC20500930.txt", 4, 1, "130353.88", "2153.38", 2, "128200.50")]
    public void Corpus_files_give_customers_documents_and_open_items(string file, int lines, int customers, string debits, string credits,
        int openInvoices, string openAmount)
    {
        var ledger = Load(file, out var issues);
        issues.Count.ShouldBe(0, string.Join("; ", issues.Items.Take(3)));
        ledger.CustomerLines.ShouldBe(lines);
        ledger.Customers.Count.ShouldBe(customers);
        ledger.Invoices.Where(i => i.Kind == DocumentKind.Invoice).Sum(i => i.GrossMinor).ShouldBe(Minor(debits));
        (ledger.Invoices.Where(i => i.Kind == DocumentKind.CreditNote).Sum(i => i.GrossMinor) + ledger.Payments.Sum(p => p.AmountMinor)).ShouldBe(Minor(credits));
        ledger.OpenInvoiceCount.ShouldBe(openInvoices);
        ledger.OpenInvoicesMinor.ShouldBe(Minor(openAmount));

        // Keys are unique, and no allocation exceeds either side.
        ledger.Invoices.Select(i => i.Number).ShouldBeUnique();
        ledger.Payments.Select(p => p.Reference).ShouldBeUnique();
        var gross = ledger.Invoices.ToDictionary(i => i.Number, i => i.GrossMinor);
        foreach (var g in ledger.Allocations.GroupBy(a => a.InvoiceNumber))
        {
            g.Sum(a => a.AmountMinor).ShouldBeLessThanOrEqualTo(gross[g.Key]);
        }

        var paid = ledger.Payments.ToDictionary(p => p.Reference, p => p.AmountMinor);
        foreach (var g in ledger.Allocations.Where(a => a.PaymentReference is not null).GroupBy(a => a.PaymentReference!))
        {
            g.Sum(a => a.AmountMinor).ShouldBeLessThanOrEqualTo(paid[g.Key]);
        }
    }

    [Fact]
    public void Document_counts_of_the_tab_file_with_bom()
    {
        var ledger = Load("0000000001FEC20220831.txt", out _);
        ledger.Invoices.Count(i => i.Kind == DocumentKind.Invoice).ShouldBe(400);
        ledger.Invoices.Count(i => i.Kind == DocumentKind.CreditNote).ShouldBe(8);
        ledger.Payments.Count.ShouldBe(129);
        ledger.Allocations.Count.ShouldBe(372);
    }

    [Fact]
    public void Pipe_file_in_windows_1252_keeps_accented_names_and_trims_padding()
    {
        var ledger = Load("111111111FEC20221231.TXT", out _);
        ledger.Customers.ShouldContain(c => c.ExternalRef == "41101590" && c.LegalName == "E.LECLERC CARPENTR");
        ledger.Invoices.ShouldContain(i => i.CustomerRef == "41101590" && i.GrossMinor == 7470 && i.IssueDate == new DateOnly(2023, 1, 9));
    }

    [Fact]
    public void Lettering_allocates_payments_and_partial_lettering_leaves_the_rest_open()
    {
        const string fec = """
            JournalCode	JournalLib	EcritureNum	EcritureDate	CompteNum	CompteLib	CompAuxNum	CompAuxLib	PieceRef	PieceDate	EcritureLib	Debit	Credit	EcritureLet	DateLet	ValidDate	Montantdevise	Idevise
            VT	Ventes	1	20260105	411000	Clients	C1	Dupont	F1	20260105	Facture F1	1200,00	0,00	AA	20260210	20260105		
            VT	Ventes	1	20260105	706000	Prestations			F1	20260105	Facture F1	0,00	1000,00			20260105		
            VT	Ventes	1	20260105	445710	TVA			F1	20260105	Facture F1	0,00	200,00			20260105		
            VT	Ventes	2	20260106	411000	Clients	C1	Dupont	F2	20260106	Facture F2	600,00	0,00	AB		20260106		
            VT	Ventes	2	20260106	706000	Prestations			F2	20260106	Facture F2	0,00	600,00			20260106		
            VT	Ventes	3	20260107	411000	Clients	C1	Dupont	AV1	20260107	Avoir AV1	0,00	100,00	AB		20260107		
            VT	Ventes	3	20260107	706000	Prestations			AV1	20260107	Avoir AV1	100,00	0,00			20260107		
            BQ	Banque	4	20260210	411000	Clients	C1	Dupont	VIR1	20260210	Virement	0,00	1200,00	AA		20260210		
            BQ	Banque	4	20260210	512000	Banque			VIR1	20260210	Virement	1200,00	0,00			20260210		
            BQ	Banque	5	20260212	411000	Clients	C1	Dupont	VIR2	20260212	Virement	0,00	200,00	AB		20260212		
            BQ	Banque	5	20260212	512000	Banque			VIR2	20260212	Virement	200,00	0,00			20260212		
            VT	Ventes	6	20260301	411000	Clients	C2	Martin	F3	20260301	Facture F3	50,00	0,00			20260301		
            VT	Ventes	6	20260301	706000	Prestations			F3	20260301	Facture F3	0,00	50,00			20260301		
            """;
        var issues = new ImportIssues();
        var ledger = FecLedger.Build(FecReader.Read(new StringReader(fec), issues));
        issues.Count.ShouldBe(0);
        ledger.Customers.Select(c => c.ExternalRef).ShouldBe(["C1", "C2"]);
        ledger.Invoices.Select(i => (i.Number, i.Kind, i.GrossMinor)).ShouldBe(
            [("F1", DocumentKind.Invoice, 120000L), ("F2", DocumentKind.Invoice, 60000L), ("AV1", DocumentKind.CreditNote, 10000L), ("F3", DocumentKind.Invoice, 5000L)]);
        ledger.Invoices[0].DueDate.ShouldBe(new DateOnly(2026, 2, 4));
        ledger.Payments.Select(p => (p.Reference, p.AmountMinor)).ShouldBe([("VIR1", 120000L), ("VIR2", 20000L)]);
        ledger.Allocations.Select(a => (a.InvoiceNumber, a.PaymentReference, a.CreditNoteNumber, a.AmountMinor)).OrderBy(a => a.AmountMinor).ShouldBe(
            [("F2", null, "AV1", 10000L), ("F2", "VIR2", null, 20000L), ("F1", "VIR1", null, 120000L)]);
        ledger.OpenByInvoice["F1"].ShouldBe(0);
        ledger.OpenByInvoice["F2"].ShouldBe(30000);
        ledger.OpenByInvoice["F3"].ShouldBe(5000);
        ledger.OpenInvoicesMinor.ShouldBe(35000);
    }

    [Theory]
    [InlineData("not a fec at all", "not a FEC header")]
    [InlineData("JournalCode\tCompteNum\tDebit\tCredit", "Required FEC column")]
    public void Malformed_files_are_rejected(string content, string reason)
    {
        var issues = new ImportIssues();
        FecLedger.Build(FecReader.Read(new StringReader(content), issues));
        issues.FileRejected.ShouldBeTrue();
        issues.Items[0].Reason.ShouldContain(reason);
    }

    [Fact]
    public void Bad_amounts_and_dates_are_reported_with_their_line()
    {
        var text = new StringBuilder("JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\n")
            .Append("VE|Ventes|1|2026-13-45|411|Clients|C1|X|F1|20260101|F1|12,00|0,00||||\n")
            .Append("VE|Ventes|2|20260101|411|Clients|C1|X|F2|20260101|F2|douze|0,00||||\n").ToString();
        var issues = new ImportIssues();
        FecLedger.Build(FecReader.Read(new StringReader(text), issues));
        issues.Items.Select(i => (i.Line, i.Column)).ShouldBe([(2, "EcritureDate"), (3, "Debit")]);
    }

    [Fact]
    public void Every_cut_of_a_real_fec_is_rejected_or_ends_between_entries()
    {
        var bytes = File.ReadAllBytes(FixturePath("0000000001FEC20220831.txt"));
        var fullCustomers = Load("0000000001FEC20220831.txt", out _).Customers.Select(c => c.ExternalRef).ToHashSet();
        var step = Math.Max(1, bytes.Length / 400);
        for (var cut = 1; cut < bytes.Length; cut += step)
        {
            var issues = new ImportIssues();
            using var reader = new StreamReader(new MemoryStream(bytes[..cut]), Encoding.UTF8, true);
            var ledger = FecLedger.Build(FecReader.Read(reader, issues));
            if (issues.FileRejected)
            {
                continue;
            }

            // Accepted only when the cut falls between whole entries: nothing invented, no phantom customer.
            issues.Count.ShouldBe(0, $"cut at byte {cut}");
            ledger.Customers.Select(c => c.ExternalRef).ShouldAllBe(c => fullCustomers.Contains(c), $"cut at byte {cut}");
        }
    }

    [Fact]
    public void A_file_that_ends_in_the_middle_of_a_line_is_rejected_naming_the_line()
    {
        const string fec = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n"
            + "VT\tVentes\t1\t20260105\t411000\tClients\tC1\tDupont\tF1\t20260105\tFacture F1\t1200,00\t0,00\t\t\t20260105\t\t\n"
            + "VT\tVentes\t1\t20260105\t706000\tPrestations\t\t\tF1\t20260105\tFacture F1\t0,00\t1200,00\t\t\t20260105\t\t\n"
            + "VT\tVentes\t2\t20260106\t411000\tClients\tC9";
        var issues = new ImportIssues();
        var ledger = FecLedger.Build(FecReader.Read(new StringReader(fec), issues));
        issues.FileRejected.ShouldBeTrue();
        issues.Items[0].Line.ShouldBe(4);
        issues.Items[0].Reason.ShouldContain("ends in the middle of line 4");
        ledger.Customers.Select(c => c.ExternalRef).ShouldNotContain("C9");
    }

    [Fact]
    public void An_entry_whose_debits_and_credits_differ_is_rejected_naming_its_line()
    {
        const string fec = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise\n"
            + "VT|Ventes|1|20260105|411000|Clients|C1|Dupont|F1|20260105|Facture F1|1200,00|0,00|||20260105||\n"
            + "VT|Ventes|1|20260105|706000|Prestations|||F1|20260105|Facture F1|0,00|1000,00|||20260105||\n"
            + "VT|Ventes|2|20260106|411000|Clients|C1|Dupont|F2|20260106|Facture F2|50,00|0,00|||20260106||\n"
            + "VT|Ventes|2|20260106|706000|Prestations|||F2|20260106|Facture F2|0,00|50,00|||20260106||\n";
        var issues = new ImportIssues();
        FecLedger.Build(FecReader.Read(new StringReader(fec), issues));
        issues.FileRejected.ShouldBeTrue();
        issues.Items.Single().Line.ShouldBe(2);
        issues.Items.Single().Reason.ShouldContain("Entry 1 of journal VT");
        issues.Items.Single().Reason.ShouldContain("does not balance");
    }

    private static long Minor(string amount) => Currencies.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "EUR");
}
