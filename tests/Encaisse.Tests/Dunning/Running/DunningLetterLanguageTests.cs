using Encaisse.Documents;
using Encaisse.Dunning;
using Encaisse.Dunning.Letters;
using Encaisse.Legal;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Dunning.Running;

/// <summary>
/// Dunning letters in the customer's language (French by default, English for a customer whose language is en): the
/// letter's own words, the layout's ("Objet :" / "Subject:") and the registration mentions of the footer, read back from
/// the PDF with PdfPig; the claim loaded from the stored ledger, on SQLite and PostgreSQL.
/// </summary>
public sealed class DunningLetterLanguageTests
{
    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_formal_notice_letter_is_written_in_the_customers_language(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        var stored = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        stored.Address.City = "Lyon";
        (stored.Siren, stored.LegalForm, stored.ShareCapitalMinor, stored.RegistrationCity, stored.Siret) = ("732829320", "SAS", 5_000_000, "Lyon", "73282932000009");
        await db.SaveChangesAsync();

        async Task<(LetterDocument Letter, string Text)> LetterAsync()
        {
            var legal = (await LegalLedger.LoadAsync(db, stored, "411DUPONT", default))!;
            var contact = legal.Customer.Contacts.FirstOrDefault();
            var letter = DunningLetter.Build(stored, legal.Customer, contact, DunningTone.FormalNotice, legal.Decide(ClaimPurpose.FormalNotice, WebSeed.Today), WebSeed.Today);
            return (letter, Text(LetterPdf.Render(letter)));
        }

        var (french, frenchText) = await LetterAsync();
        french.Language.ShouldBe("fr");
        frenchText.ShouldContain("Lyon, le 16/03/2026");
        frenchText.ShouldContain("LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION");
        frenchText.ShouldContain("Objet : Mise en demeure de payer");
        frenchText.ShouldContain("Facture Date Échéance Montant TTC Reste dû Retard (j)");
        frenchText.ShouldContain("FA-2026-0101 05/01/2026 04/02/2026 1 234,56 €");
        frenchText.ShouldContain("Total réclamé");
        frenchText.ShouldContain("au plus tard le 24/03/2026");
        frenchText.ShouldContain("SAS au capital de 50 000 € — RCS Lyon 732 829 320");

        var dupont = await db.Customers.SingleAsync(c => c.ExternalRef == "411DUPONT");
        dupont.Language = "en";
        await db.SaveChangesAsync();
        var (english, englishText) = await LetterAsync();
        english.Language.ShouldBe("en");
        englishText.ShouldContain("Lyon, 2026-03-16");
        englishText.ShouldContain("REGISTERED LETTER WITH ACKNOWLEDGEMENT OF RECEIPT");
        englishText.ShouldContain("Subject: Formal notice to pay");
        englishText.ShouldContain("Your reference: 411DUPONT");
        englishText.ShouldContain("Invoice Date Due date Amount incl. VAT Open Days late");
        englishText.ShouldContain("FA-2026-0101 2026-01-05 2026-02-04 1234.56 EUR");
        englishText.ShouldContain("Total claimed");
        englishText.ShouldContain("by 2026-03-24 at the latest");
        englishText.ShouldContain("Dear Sir or Madam,");
        englishText.ShouldContain("SAS with a share capital of 50000 EUR — Registered with the Lyon Trade and Companies Register (RCS) under no. 732 829 320");
        foreach (var word in new[] { "Objet", "Facture", "Échéance", "Madame", "Règlement", "Veuillez", "au capital de", "Mise en demeure", "le 16/03" })
        {
            englishText.ShouldNotContain(word);
        }
    }
}
