using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;

namespace Encaisse.Legal.Documents;

/// <summary>The collection agency acting for the tenant (R124-1 s. CPCE), for the agency letter variant.</summary>
public sealed record CollectionAgency(string Name, PostalAddress Address)
{
    public string? Siren { get; init; }
}

/// <summary>
/// Mise en demeure for business and consumer debtors (french-law.md §5.1, §8), and the collection-agency
/// letter carrying the R124-4 CPCE mentions (§5.2).
/// </summary>
public static class FormalNotice
{
    /// <summary>Reproduction of L111-8 CPCE al. 2 and 3, required in an agency letter (R124-4 5°). Verify on Legifrance before production.</summary>
    public const string L1118 =
        "Article L111-8 du code des procédures civiles d'exécution, alinéas 2 et 3 : « Les frais de recouvrement entrepris sans titre exécutoire " +
        "restent à la charge du créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute " +
        "stipulation contraire est réputée non écrite, sauf disposition législative contraire. Cependant, le créancier qui justifie du caractère " +
        "nécessaire des démarches entreprises pour recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais " +
        "ainsi exposés à la charge du débiteur de mauvaise foi. »";

    /// <summary>The mise en demeure of what <paramref name="decision"/> claims (<see cref="ClaimRule"/>, purpose FormalNotice).</summary>
    public static LetterDocument Build(LegalCase legal, ClaimDecision decision, DateOnly issuedOn, string reference, int noticeDays)
    {
        ArgumentNullException.ThrowIfNull(legal);
        ArgumentNullException.ThrowIfNull(decision);
        var claim = decision.Legal ?? throw new ArgumentException("A formal notice needs a claim with its amounts.", nameof(decision));
        var t = legal.Tenant;
        var business = claim.Debtor == DebtorKind.Business;
        var cur = claim.Currency;
        var due = Due(decision);
        var paragraphs = new List<string>
        {
            "Malgré nos précédentes relances, les factures ci-dessous, échues, demeurent impayées à ce jour.",
            $"Par la présente, nous vous mettons en demeure de nous régler la somme de {LegalText.Money(due, cur)}, détaillée ci-dessous, dans un délai de {noticeDays} jours à compter de la réception de cette lettre.",
        };
        var closing = new List<string>();
        if (business)
        {
            closing.Add(LegalText.RateBasis(claim, legal.Policy.ToTerms()) + " Ces pénalités continuent de courir jusqu'au complet paiement.");
            closing.Add("L'indemnité forfaitaire pour frais de recouvrement de 40 € par facture est due de plein droit (articles L441-10 et D441-5 du Code de commerce).");
        }
        else if (claim.NoticeDate is { } notice)
        {
            paragraphs.Insert(1, $"Nous vous avons mis en demeure de payer par une lettre que vous avez reçue le {LegalText.Date(notice)}. Conformément à l'article 1344-1 du Code civil, les intérêts moratoires au taux de l'intérêt légal courent depuis le {LegalText.Date(notice.AddDays(1))} ; ils sont arrêtés au {LegalText.Date(claim.AsOf)} dans le décompte ci-dessous.");
            closing.Add("Les intérêts au taux légal continuent de courir jusqu'à complet paiement. Aucuns frais de recouvrement ne vous sont réclamés.");
        }
        else
        {
            closing.Add("Conformément à l'article 1344-1 du Code civil, la présente mise en demeure fait courir les intérêts moratoires au taux de l'intérêt légal sur les sommes dues, jusqu'à complet paiement. Aucuns frais de recouvrement ne vous sont réclamés.");
        }

        closing.Add(LegalText.PaymentMethods(t));
        closing.Add("À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement (requête en injonction de payer). La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil.");
        closing.Add("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.");
        return new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: a French legal act, written in French.
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(t),
            Recipient = LegalText.Debtor(legal.Customer),
            PlaceAndDate = LegalText.PlaceAndDate(t, issuedOn),
            Banner = "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
            References = [$"Nos références : {reference}", $"Vos références : {legal.Customer.ExternalRef}"],
            Subject = "Mise en demeure de payer",
            Salutation = "Madame, Monsieur,",
            Paragraphs = paragraphs,
            Columns = InvoiceColumns(business),
            Rows = InvoiceRows(claim, business),
            Totals = Totals(decision, business),
            ClosingParagraphs = [.. ClaimText.Explanations(decision, Localization.Catalogue.French), .. closing],
            SignatureName = t.Name,
            SignatureTitle = "Service recouvrement",
            Footer = LegalText.Footer(t),
        };
    }

    /// <summary>The letter of a collection agency to the debtor, with every R124-4 CPCE mention.</summary>
    public static LetterDocument BuildAgencyLetter(LegalCase legal, ClaimDecision decision, CollectionAgency agency, DateOnly sentOn, string reference)
    {
        ArgumentNullException.ThrowIfNull(legal);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(agency);
        var claim = decision.Legal ?? throw new ArgumentException("An agency letter needs a claim with its amounts.", nameof(decision));
        var t = legal.Tenant;
        var business = claim.Debtor == DebtorKind.Business;
        var cur = claim.Currency;
        var due = Due(decision);
        return new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: a French legal act, written in French.
            Language = Encaisse.Localization.Catalogue.French,
            Sender = new LetterParty(agency.Name, LegalText.Address(agency.Address))
            {
                Details = ["Recouvrement amiable de créances pour le compte d'autrui" + (agency.Siren is { } s ? " — SIREN " + LegalText.Siren(s) : "")],
            },
            Recipient = LegalText.Debtor(legal.Customer),
            PlaceAndDate = (string.IsNullOrWhiteSpace(agency.Address.City) ? "" : agency.Address.City + ", ") + "le " + LegalText.Date(sentOn),
            References = [$"Référence : {reference} — lettre envoyée le {LegalText.Date(sentOn)} (à rappeler dans toute correspondance)"],
            Subject = "Demande de paiement — recouvrement amiable",
            Salutation = "Madame, Monsieur,",
            Paragraphs =
            [
                $"{agency.Name}, dont le siège est situé {LegalText.OneLine(agency.Address)}, exerce une activité de recouvrement amiable de créances pour le compte d'autrui.",
                $"Nous intervenons pour le compte de notre mandant, le créancier : {t.Name}, {LegalText.OneLine(t.Address)}{(t.Siren is { } siren ? " (SIREN " + LegalText.Siren(siren) + ")" : "")}.",
                $"Fondement de la créance : factures de vente ou de prestation émises par le créancier et demeurées impayées à leur échéance{(business ? "; pénalités de retard et indemnité forfaitaire pour frais de recouvrement dues en application des articles L441-10 et D441-5 du Code de commerce" : "; intérêts au taux légal (articles 1231-6 et 1344-1 du Code civil)" + (claim.NoticeDate is { } n ? $" courant depuis le {LegalText.Date(n.AddDays(1))}, lendemain de la réception de la mise en demeure" : ""))}. Le détail, distinguant le principal, les intérêts et les autres accessoires, figure ci-dessous.",
            ],
            Columns = InvoiceColumns(business),
            Rows = InvoiceRows(claim, business),
            Totals = Totals(decision, business),
            ClosingParagraphs =
            [
                .. ClaimText.Explanations(decision, Localization.Catalogue.French),
                $"Nous vous demandons de régler la somme de {LegalText.Money(due, cur)}. Ce montant ne comprend aucun frais de recouvrement : ceux-ci restent à la charge du créancier (article L111-8 du code des procédures civiles d'exécution).",
                "Modalités de paiement : " + LegalText.PaymentMethods(t),
                "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            ],
            SignatureName = agency.Name,
            SignatureTitle = "Recouvrement amiable",
            BoxedNotices = [L1118],
            Footer = agency.Name + " — recouvrement amiable de créances — mandant : " + t.Name,
        };
    }

    private static IReadOnlyList<LetterColumn> InvoiceColumns(bool business) => business
        ? [new("Facture", 2.2), new("Date", 1.6), new("Échéance", 1.6), new("Montant TTC", 1.9, ColumnAlign.Right), new("Reste dû", 1.9, ColumnAlign.Right),
            new("Jours", 0.9, ColumnAlign.Right), new("Pénalités", 1.7, ColumnAlign.Right), new("Indemnité", 1.6, ColumnAlign.Right)]
        : [new("Facture", 2.4), new("Date", 1.7), new("Échéance", 1.7), new("Montant TTC", 2, ColumnAlign.Right), new("Reste dû", 2, ColumnAlign.Right),
            new("Intérêts", 1.8, ColumnAlign.Right)];

    private static List<IReadOnlyList<string>> InvoiceRows(LegalClaim claim, bool business) => claim.Lines.Select(l =>
    {
        var cur = l.Invoice.Currency;
        var number = l.Invoice.Number + (l.Invoice.InstalmentSequence is { } seq ? $" (éch. {seq})" : "");
        IReadOnlyList<string> row = business
            ? [number, LegalText.Date(l.Invoice.IssueDate), LegalText.Date(l.Invoice.DueDate), LegalText.Money(l.Invoice.Original, cur),
                LegalText.Money(l.OpenPrincipal, cur), l.Penalty.DaysLate.ToString(CultureInfo.InvariantCulture), LegalText.Money(l.Interest, cur),
                LegalText.Money(l.Indemnity, cur)]
            : [number, LegalText.Date(l.Invoice.IssueDate), LegalText.Date(l.Invoice.DueDate), LegalText.Money(l.Invoice.Original, cur),
                LegalText.Money(l.OpenPrincipal, cur), LegalText.Money(l.Interest, cur)];
        return row;
    }).ToList();

    /// <summary>What the letter asks: net principal, interest and (businesses) indemnities; consumers owe no recovery costs.</summary>
    internal static decimal Due(ClaimDecision decision) =>
        Currencies.FromMinor(decision.Legal?.Debtor == DebtorKind.Consumer ? decision.NetPrincipalMinor + decision.InterestMinor : decision.TotalMinor, decision.Currency);

    private static List<(string, string)> Totals(ClaimDecision decision, bool business)
    {
        var claim = decision.Legal!;
        var cur = claim.Currency;
        var totals = new List<(string, string)>(ClaimText.PrincipalTotals(decision, Localization.Catalogue.French))
        {
            (business ? "Pénalités de retard" : "Intérêts au taux légal", LegalText.Money(claim.Interest, cur)),
        };
        if (business)
        {
            totals.Add(("Indemnités forfaitaires", LegalText.Money(claim.Indemnity, cur)));
        }

        totals.Add(("Total dû", LegalText.Money(Due(decision), cur)));
        return totals;
    }
}
