using Encaisse.Documents;

namespace Encaisse.Legal.Documents;

/// <summary>
/// The separate, dated statement claiming late interest and recovery indemnities per invoice (the invoices
/// themselves are never modified).
/// </summary>
public static class InterestStatement
{
    public static LetterDocument Build(LegalCase legal, LegalClaim claim, DateOnly issuedOn, string reference)
    {
        var t = legal.Tenant;
        var cur = claim.Currency;
        var business = claim.Debtor == DebtorKind.Business;
        var totals = new List<(string, string)> { ("Intérêts de retard", LegalText.Money(claim.Interest, cur)) };
        if (business)
        {
            totals.Add(("Indemnités forfaitaires (40 € par facture)", LegalText.Money(claim.Lines.Sum(l => l.Indemnity), cur)));
            if (claim.SupplementaryIndemnity > 0)
            {
                totals.Add(("Indemnité complémentaire (frais justifiés)", LegalText.Money(claim.SupplementaryIndemnity, cur)));
            }
        }

        totals.Add(("Total à régler", LegalText.Money(claim.Penalties, cur)));
        var paragraphs = new List<string>
        {
            $"Nous vous prions de trouver ci-dessous le décompte, arrêté au {LegalText.Date(claim.AsOf)}, des {(business ? "pénalités de retard et indemnités forfaitaires pour frais de recouvrement" : "intérêts de retard")} dus au titre des factures réglées ou restant dues après leur échéance.",
            LegalText.RateBasis(claim, legal.Policy.ToTerms()),
        };
        if (business)
        {
            paragraphs.Add("Une indemnité forfaitaire pour frais de recouvrement de 40 € est due de plein droit pour chaque facture payée après son échéance (articles L441-10 et D441-5 du Code de commerce). Cette indemnité n'est pas soumise à la TVA.");
        }

        return new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: a legal document, written in French.
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(t),
            Recipient = LegalText.Debtor(legal.Customer),
            PlaceAndDate = LegalText.PlaceAndDate(t, issuedOn),
            References = [$"Décompte n° {reference} du {LegalText.Date(issuedOn)}", $"Vos références : {legal.Customer.ExternalRef}"],
            Subject = business ? "Décompte des pénalités de retard et indemnités forfaitaires" : "Décompte des intérêts de retard",
            Salutation = "Madame, Monsieur,",
            Paragraphs = paragraphs,
            Columns = LegalText.PeriodColumns,
            Rows = LegalText.PeriodRows(claim),
            Totals = totals,
            ClosingParagraphs =
            [
                "Ce décompte est un document distinct : les factures concernées ne sont pas modifiées. " + LegalText.PaymentMethods(t),
                "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            ],
            SignatureName = t.Name,
            SignatureTitle = "Service recouvrement",
            Footer = LegalText.Footer(t),
        };
    }
}
