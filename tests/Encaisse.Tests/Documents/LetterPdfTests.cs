using Encaisse.Documents;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Documents;

public sealed class LetterPdfTests
{
    public static LetterDocument Sample(int rows) => new()
    {
        Sender = new LetterParty("ACME Industrie SAS", ["12 rue de la Paix", "75002 Paris"]) { Details = ["SIREN 812 809 234 — TVA FR04812809234"] },
        Recipient = new LetterParty("Boulangerie Dupont SARL", ["3 place du Marché", "69001 Lyon"]),
        PlaceAndDate = "Paris, le 22/11/2026",
        Banner = "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
        References = ["Vos références : 411DUPONT"],
        Subject = "Mise en demeure de payer",
        Salutation = "Madame, Monsieur,",
        Paragraphs = ["Malgré nos relances, les factures ci-dessous restent impayées à ce jour."],
        Columns = [new("Facture", 2), new("Échéance", 2), new("Montant", 2, ColumnAlign.Right)],
        Rows = Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)[$"FA-2026-{i:0000}", "15/06/2026", "1 234,56 €"]).ToList(),
        Totals = [("Principal", "2 469,12 €"), ("Indemnité forfaitaire", "80,00 €")],
        ClosingParagraphs = ["Veuillez agréer, Madame, Monsieur, nos salutations distinguées."],
        SignatureName = "Claire Martin",
        SignatureTitle = "Credit manager",
        Footer = "ACME Industrie SAS — SAS au capital de 10 000 € — RCS Paris 812 809 234",
    };

    [Fact]
    public void Letter_reads_back_with_its_amounts_and_numbers()
    {
        var bytes = LetterPdf.Render(Sample(2));
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "encaisse-docs"));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "encaisse-docs", "letter-sample.pdf"), bytes);
        using var pdf = PdfDocument.Open(bytes);
        pdf.NumberOfPages.ShouldBe(1);
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        text.ShouldContain("FA-2026-0001");
        text.ShouldContain("FA-2026-0002");
        text.ShouldContain("2 469,12 €");
        text.ShouldContain("RECOMMANDÉE");
        text.ShouldContain("Dupont");
        pdf.Information.Title.ShouldBe("Mise en demeure de payer");
    }

    [Fact]
    public void Long_tables_continue_on_numbered_pages()
    {
        var bytes = LetterPdf.Render(Sample(120));
        using var pdf = PdfDocument.Open(bytes);
        pdf.NumberOfPages.ShouldBeGreaterThan(2);
        var all = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        all.ShouldContain("FA-2026-0120");
        pdf.GetPage(pdf.NumberOfPages).Text.ShouldContain($"{pdf.NumberOfPages} / {pdf.NumberOfPages}");
    }
}
