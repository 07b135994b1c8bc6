using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Reporting;

/// <summary>
/// The statement of account in the customer's language (French by default, English for a customer whose language is
/// en), every word from the catalogue: read back from the PDF with PdfPig, on SQLite and PostgreSQL.
/// </summary>
public sealed class StatementLanguageTests
{
    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_statement_is_written_in_the_customers_language(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        var stored = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        stored.Address.City = "Lyon";
        (stored.Siren, stored.LegalForm, stored.ShareCapitalMinor, stored.RegistrationCity, stored.Siret) = ("732829320", "SAS", 5_000_000, "Lyon", "73282932000009");
        await db.SaveChangesAsync();

        // Dupont: 1 234,56 (overdue) + 2 400,00 (not due) + 860,40 − 400,00 paid (overdue) = 4 094,96, of which 1 694,96 overdue.
        var french = Text((await CustomerStatement.RenderAsync(db, stored, "411DUPONT", WebSeed.Today, default))!);
        french.ShouldContain("Lyon, le 16/03/2026");
        french.ShouldContain("Vos références client : 411DUPONT");
        french.ShouldContain("Objet : Relevé de compte au 16/03/2026");
        french.ShouldContain("Pièce Date Échéance Montant Reste dû Retard");
        french.ShouldContain("Facture FA-2026-0101");
        french.ShouldContain("Solde dû (EUR) 4 094,96 €");
        french.ShouldContain("dont échu (EUR) 1 694,96 €");
        french.ShouldContain("Service comptabilité clients");
        french.ShouldContain("Nous vous remercions de bien vouloir régler les sommes échues par virement sur le compte FR7630006000011234567890189.");
        // The registration mentions of the footer: the facts as data, the words in the reader's language.
        french.ShouldContain("SAS au capital de 50 000 € — RCS Lyon 732 829 320 — SIRET 732 829 320 00009");

        var dupont = await db.Customers.SingleAsync(c => c.ExternalRef == "411DUPONT");
        dupont.Language = "en";
        await db.SaveChangesAsync();
        var english = Text((await CustomerStatement.RenderAsync(db, stored, "411DUPONT", WebSeed.Today, default))!);
        english.ShouldContain("Lyon, 2026-03-16");
        english.ShouldContain("Your customer reference: 411DUPONT");
        english.ShouldContain("Subject: Statement of account as of 2026-03-16");
        english.ShouldContain("Document Date Due date Amount Open Days late");
        english.ShouldContain("Invoice FA-2026-0101");
        english.ShouldContain("Balance due (EUR) 4094.96 EUR");
        english.ShouldContain("of which overdue (EUR) 1694.96 EUR");
        english.ShouldContain("Please pay the overdue amounts by transfer to account FR7630006000011234567890189.");
        english.ShouldContain("SAS with a share capital of 50000 EUR — Registered with the Lyon Trade and Companies Register (RCS) under no. 732 829 320 — SIRET 732 829 320 00009");
        foreach (var word in new[] { "Relevé", "Facture", "Solde", "Objet", "Madame", "Règlement", "Pièce", "échu", "au capital de" })
        {
            english.ShouldNotContain(word);
        }
    }
}
