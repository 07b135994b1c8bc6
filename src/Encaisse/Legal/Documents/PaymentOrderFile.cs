using Encaisse.Documents;
using Encaisse.Ledger;

namespace Encaisse.Legal.Documents;

public sealed record PaymentOrderParty(string Name, string Kind, string? Siren, IReadOnlyList<string> Address);

public sealed record PaymentOrderCourt(string Type, string Name, string Form, string Territorial);

public sealed record PaymentOrderInvoice(string Number, DateOnly IssueDate, DateOnly DueDate, decimal Amount, decimal Open, decimal Interest, decimal Indemnity);

/// <summary>The data of a requête en injonction de payer (CPC art. 1405 s.; french-law.md §5.3), as JSON and PDF.</summary>
public sealed record PaymentOrderFile(
    DateOnly PreparedOn,
    PaymentOrderParty Creditor,
    PaymentOrderParty Debtor,
    PaymentOrderCourt Court,
    string Currency,
    IReadOnlyList<PaymentOrderInvoice> Invoices,
    decimal Principal,
    decimal Interest,
    decimal Indemnity,
    decimal Total,
    string Basis,
    IReadOnlyList<string> SupportingDocuments)
{
    /// <summary>Credits deducted from the principal and invoices left out with the reason (<see cref="ClaimRule"/>), in French.</summary>
    public IReadOnlyList<string> Explanations { get; init; } = [];

    /// <summary>Principal before credits (equal to <see cref="Principal"/> when the debtor holds none).</summary>
    public decimal ClaimedBeforeCredits { get; init; }

    /// <summary>Credits deducted.</summary>
    public decimal Credits { get; init; }

    /// <summary>The 12 jurisdictions where the tribunal des activités économiques replaces the commercial court from 1 Jan 2025.</summary>
    public static readonly IReadOnlyList<string> EconomicCourtCities =
        ["Avignon", "Auxerre", "Le Havre", "Le Mans", "Limoges", "Lyon", "Marseille", "Nancy", "Nanterre", "Paris", "Saint-Brieuc", "Versailles"];

    public static PaymentOrderFile Build(LegalCase legal, ClaimDecision decision, DateOnly preparedOn)
    {
        ArgumentNullException.ThrowIfNull(legal);
        ArgumentNullException.ThrowIfNull(decision);
        var claim = decision.Legal ?? throw new ArgumentException("A payment-order file needs a claim with its amounts.", nameof(decision));
        var t = legal.Tenant;
        var c = legal.Customer;
        var business = claim.Debtor == DebtorKind.Business;
        var cur = claim.Currency;
        var documents = claim.Lines.Select(l => l.Invoice.Number).Distinct().Select(n => $"Facture n° {n}").ToList();
        documents.Add("Conditions générales de vente (taux des pénalités de retard et indemnité forfaitaire)");
        documents.Add("Bon(s) de commande, bon(s) de livraison ou procès-verbal de réception");
        documents.Add("Mise en demeure adressée par lettre recommandée et son avis de réception");
        if (business)
        {
            documents.Add($"Décompte des pénalités de retard et indemnités forfaitaires arrêté au {LegalText.Date(claim.AsOf)}");
        }

        return new PaymentOrderFile(
            preparedOn,
            new PaymentOrderParty(t.Name, "business", t.Siren, LegalText.Address(t.Address)),
            new PaymentOrderParty(c.LegalName, business ? "business" : "consumer", c.Siren ?? (c.Siret is { Length: 14 } s ? s[..9] : null), LegalText.Address(c.BillingAddress)),
            CourtFor(business, c.BillingAddress.City),
            cur,
            claim.Lines.Select(l => new PaymentOrderInvoice(l.Invoice.Number + (l.Invoice.InstalmentSequence is { } q ? $"/{q}" : ""), l.Invoice.IssueDate,
                l.Invoice.DueDate, l.Invoice.Original, l.OpenPrincipal, l.Interest, l.Indemnity)).ToList(),
            Currencies.FromMinor(decision.NetPrincipalMinor, cur),
            claim.Interest,
            business ? claim.Indemnity : 0m,
            FormalNotice.Due(decision),
            business
                ? "Créance contractuelle de somme d'argent d'un montant déterminé (article 1405 du code de procédure civile) : factures de vente ou de prestation impayées à leur échéance; pénalités de retard et indemnité forfaitaire pour frais de recouvrement (articles L441-10 et D441-5 du Code de commerce)."
                : "Créance contractuelle de somme d'argent d'un montant déterminé (article 1405 du code de procédure civile) : factures impayées; intérêts au taux légal à compter de la mise en demeure (article 1231-6 du Code civil).",
            documents)
        {
            Explanations = ClaimText.Explanations(decision, Localization.Catalogue.French),
            ClaimedBeforeCredits = Currencies.FromMinor(decision.ClaimedGrossMinor, cur),
            Credits = Currencies.FromMinor(decision.CreditsMinor, cur),
        };
    }

    /// <summary>
    /// Court type from the debtor's kind (commercial claim between businesses → commercial court, or economic court
    /// in the 12 experimental jurisdictions; any consumer → tribunal judiciaire); territorially the court of the
    /// debtor's domicile or registered office (CPC art. 1406), whatever the creditor's location.
    /// </summary>
    public static PaymentOrderCourt CourtFor(bool businessDebtor, string? debtorCity)
    {
        var city = string.IsNullOrWhiteSpace(debtorCity) ? null : debtorCity.Trim();
        var territorial = "Juridiction du lieu où demeure le débiteur (siège social pour une société), article 1406 du code de procédure civile" + (city is null ? "." : $" : {city}.");
        if (!businessDebtor)
        {
            return new PaymentOrderCourt("tribunal-judiciaire", "Tribunal judiciaire" + (city is null ? "" : " compétent pour " + city),
                "Cerfa n° 12948 (requête en injonction de payer devant le tribunal judiciaire)", territorial);
        }

        var economic = city is not null && EconomicCourtCities.Any(e => CityKey(e) == CityKey(city));
        return economic
            ? new PaymentOrderCourt("tribunal-des-activites-economiques", $"Président du tribunal des activités économiques de {city}",
                "Cerfa n° 12946 (requête en injonction de payer devant le tribunal de commerce) ou dépôt en ligne (infogreffe)", territorial)
            : new PaymentOrderCourt("tribunal-de-commerce", "Président du tribunal de commerce" + (city is null ? "" : " compétent pour " + city),
                "Cerfa n° 12946 (requête en injonction de payer devant le tribunal de commerce) ou dépôt en ligne (infogreffe)", territorial);
    }

    /// <summary>
    /// A city name as the post writes it, reduced for comparison: case, accents, hyphens, "St" for "Saint", a CEDEX
    /// suffix and an arrondissement ("PARIS 08", "Lyon 3e", "Marseille 13e arrondissement") do not matter.
    /// </summary>
    public static string CityKey(string city)
    {
        var text = city.Normalize(System.Text.NormalizationForm.FormD);
        var letters = new System.Text.StringBuilder();
        foreach (var ch in text)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                letters.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
            }
        }

        var words = letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var cedex = words.IndexOf("cedex");
        if (cedex >= 0)
        {
            words = words[..cedex];
        }

        var digits = words.FindIndex(w => char.IsAsciiDigit(w[0]));
        if (digits > 0)
        {
            words = words[..digits];
        }

        return string.Join(' ', words.Select(w => w is "st" ? "saint" : w is "ste" ? "sainte" : w));
    }

    public LetterDocument ToLetter(Tenant tenant)
    {
        var cur = Currency;
        var paragraphs = new List<string>
        {
            $"Juridiction : {Court.Name}. {Court.Territorial}",
            $"Formulaire : {Court.Form}.",
            $"Créancier (demandeur) : {Creditor.Name}{(Creditor.Siren is { } s ? ", SIREN " + LegalText.Siren(s) : "")}, {string.Join(", ", Creditor.Address)}.",
            $"Débiteur (défendeur) : {Debtor.Name} ({(Debtor.Kind == "business" ? "professionnel" : "consommateur")}){(Debtor.Siren is { } d ? ", SIREN " + LegalText.Siren(d) : "")}, {string.Join(", ", Debtor.Address)}.",
            "Fondement : " + Basis,
        };
        return new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: for the French court, written in French.
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(tenant),
            Recipient = new LetterParty(Court.Type switch
            {
                "tribunal-judiciaire" => "Tribunal judiciaire",
                "tribunal-des-activites-economiques" => "Tribunal des activités économiques",
                _ => "Tribunal de commerce",
            }, Debtor.Address.Count > 0 ? ["Greffe — ressort du débiteur :", Debtor.Address[^1]] : ["Greffe"]),
            PlaceAndDate = LegalText.PlaceAndDate(tenant, PreparedOn),
            References = [$"Dossier préparé le {LegalText.Date(PreparedOn)}"],
            Subject = "Requête en injonction de payer — dossier",
            Paragraphs = paragraphs,
            Columns =
            [
                new("Facture", 2.2), new("Date", 1.6), new("Échéance", 1.6), new("Montant", 1.9, ColumnAlign.Right), new("Principal dû", 1.9, ColumnAlign.Right),
                new("Intérêts", 1.7, ColumnAlign.Right), new("Indemnité", 1.6, ColumnAlign.Right),
            ],
            Rows = Invoices.Select(i => (IReadOnlyList<string>)[i.Number, LegalText.Date(i.IssueDate), LegalText.Date(i.DueDate), LegalText.Money(i.Amount, cur),
                LegalText.Money(i.Open, cur), LegalText.Money(i.Interest, cur), LegalText.Money(i.Indemnity, cur)]).ToList(),
            Totals =
            [
                .. Credits > 0 ? [("Factures réclamées", LegalText.Money(ClaimedBeforeCredits, cur)), ("Avoirs et règlements déduits", "- " + LegalText.Money(Credits, cur))]
                    : Array.Empty<(string, string)>(),
                ("Principal", LegalText.Money(Principal, cur)),
                ("Intérêts", LegalText.Money(Interest, cur)),
                ("Indemnités", LegalText.Money(Indemnity, cur)),
                ("Total demandé", LegalText.Money(Total, cur)),
            ],
            ClosingParagraphs = [.. Explanations, "Bordereau des pièces justificatives (article 1407 du code de procédure civile) :", .. SupportingDocuments.Select((d, i) => $"{i + 1}. {d}")],
            BoxedNotices = ["Depuis le 1er mars 2022, l'ordonnance est revêtue de la formule exécutoire dès son prononcé; elle doit être signifiée par commissaire de justice dans les 6 mois (art. 1411 CPC); le débiteur dispose d'un mois pour former opposition (art. 1416 CPC)."],
            Footer = LegalText.Footer(tenant),
        };
    }
}
