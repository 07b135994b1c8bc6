using Encaisse.Ledger;
using Encaisse.Legal;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// Payment terms and the legal notes of the invoice and customer pages in the reader's language. The pure legal
/// rules (<see cref="PaymentTermsRules"/>, <see cref="PenaltyCalculator"/>) return <see cref="LegalNote"/>s (a code
/// and its data); the catalogue writes them here, at display time (ADR 1530).
/// </summary>
public static class LegalNotes
{
    /// <summary>"45 jours fin de mois", "30 days net", "Comptant"… for the stored terms; the text itself when unreadable.</summary>
    public static string Terms(string language, string? text) =>
        PaymentTerms.TryParse(text, out var terms) ? LegalNote.TermsText(language, terms) : text ?? "";

    /// <summary>The customer's agreed terms checked against the legal cap, as notes in <paramref name="language"/>.</summary>
    public static IReadOnlyList<string> CustomerTerms(string language, Customer customer, Tenant tenant) =>
        Text(language, PaymentTermsRules.CheckCustomer(customer, tenant));

    /// <summary>Notes of the legal rules (terms, interest) in <paramref name="language"/>, each once.</summary>
    public static IReadOnlyList<string> Text(string language, IEnumerable<LegalNote> notes) =>
        notes.Select(n => n.Text(language)).Distinct().ToList();
}
