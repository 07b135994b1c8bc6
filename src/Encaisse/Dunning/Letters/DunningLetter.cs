using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Documents;
using Encaisse.Localization;

namespace Encaisse.Dunning.Letters;

/// <summary>
/// French dunning letters as <see cref="LetterDocument"/>: courtesy reminder before the due date, first reminder,
/// second reminder, formal notice (mise en demeure). Consumer variants leave out business-only mentions
/// (L441-10 penalties and the €40 indemnity).
/// </summary>
public static class DunningLetter
{
    /// <summary>The letter of <paramref name="claim"/>: the items it claims, the credits deducted, what is listed apart and why, and for
    /// businesses the late-payment interest and €40 indemnities of <see cref="ClaimRule"/> (exact, from each payment's date).</summary>
    public static LetterDocument Build(Tenant tenant, Customer customer, Contact? contact, DunningTone tone, ClaimDecision claim, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(claim);
        var business = customer.Kind == CustomerKind.Business;
        var currency = claim.Currency;
        var items = claim.Claimed.Select(i => i.Item).ToList();
        var totals = new List<(string, string)>(ClaimText.PrincipalTotals(claim, Catalogue.French));
        if (business && claim.Legal is { } legal && claim.Purpose != ClaimPurpose.PreDueCourtesy)
        {
            var late = legal.Lines.Where(l => l.Indemnity > 0).Select(l => l.Invoice.InvoiceId).Distinct().Count();
            totals.Add(("Intérêts de retard (taux BCE + 10 points)", Currencies.FormatFrench(claim.InterestMinor, currency)));
            totals.Add(($"Indemnité forfaitaire de recouvrement ({late} × 40 €)", Currencies.FormatFrench(claim.IndemnityMinor, currency)));
            totals.Add(("Total réclamé", Currencies.FormatFrench(claim.TotalMinor, currency)));
        }

        var (subject, paragraphs, closing) = Texts(tone, business, asOf);
        return new LetterDocument
        {
            Sender = new LetterParty(tenant.Name, AddressLines(tenant.Address))
            {
                Details = new[]
                {
                    tenant.Siren is null ? null : "SIREN " + tenant.Siren,
                    tenant.VatNumber is null ? null : "TVA " + tenant.VatNumber,
                    tenant.Phone, tenant.Email,
                }.OfType<string>().ToList(),
            },
            Recipient = new LetterParty(customer.LegalName,
                (contact?.Name is { } name ? new[] { "À l'attention de " + name } : []).Concat(AddressLines(customer.BillingAddress)).ToList()),
            PlaceAndDate = $"{tenant.Address.City ?? "Paris"}, le {asOf.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}",
            Banner = tone == DunningTone.FormalNotice ? "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION" : null,
            References = ["Vos références : " + customer.ExternalRef],
            Subject = subject,
            Salutation = "Madame, Monsieur,",
            Paragraphs = paragraphs,
            Columns =
            [
                new LetterColumn("Facture", 0.22), new LetterColumn("Date", 0.15), new LetterColumn("Échéance", 0.15),
                new LetterColumn("Montant TTC", 0.16, ColumnAlign.Right), new LetterColumn("Reste dû", 0.16, ColumnAlign.Right),
                new LetterColumn("Retard (j)", 0.16, ColumnAlign.Right),
            ],
            Rows = items.Select(i => (IReadOnlyList<string>)
            [
                ClaimText.Number(i), Date(i.IssueDate), Date(i.DueDate), Currencies.FormatFrench(i.OriginalMinor, i.Currency),
                Currencies.FormatFrench(i.OpenMinor, i.Currency), Balances.DaysOverdue(i.DueDate, asOf).ToString(CultureInfo.InvariantCulture),
            ]).ToList(),
            Totals = totals,
            ClosingParagraphs = ClaimText.Explanations(claim, Catalogue.French).Concat(closing).Append(tenant.Iban is null ? "" : $"Règlement par virement : IBAN {tenant.Iban}{(tenant.Bic is null ? "" : " — BIC " + tenant.Bic)}.")
                .Where(p => p.Length > 0).Append("Veuillez agréer, Madame, Monsieur, nos salutations distinguées.").ToList(),
            SignatureName = customer.Collector ?? tenant.Name,
            SignatureTitle = "Service recouvrement",
            Footer = CompanyMentions.Registration(tenant) is { } mentions
                ? tenant.Name + " — " + mentions
                : $"{tenant.Name}{(tenant.Siren is null ? "" : " — SIREN " + tenant.Siren)}",
        };
    }

    private static (string Subject, List<string> Paragraphs, List<string> Closing) Texts(DunningTone tone, bool business, DateOnly asOf)
    {
        var deadline = Date(asOf.AddDays(8));
        return tone switch
        {
            DunningTone.Courtesy => ("Rappel d'échéance",
                ["Nous nous permettons de vous rappeler que les factures ci-dessous arrivent prochainement à échéance."],
                ["Si votre règlement est déjà en cours, nous vous remercions de ne pas tenir compte de ce courrier."]),
            DunningTone.Reminder => ("Relance — factures impayées",
                ["Sauf erreur ou omission de notre part, les factures ci-dessous restent impayées à ce jour."],
                ["Nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais, ou de nous faire part de toute difficulté."]),
            DunningTone.Firm => ("Deuxième relance — règlement attendu",
                ["Malgré notre précédente relance, les factures ci-dessous demeurent impayées."],
                [$"Nous vous demandons de régulariser cette situation au plus tard le {deadline}. À défaut, nous serons contraints d'engager une procédure de recouvrement."
                 + (business ? " Nous vous rappelons que tout retard de paiement entraîne de plein droit des pénalités de retard et une indemnité forfaitaire pour frais de recouvrement de 40 euros (article L441-10 du code de commerce)." : "")]),
            _ => ("Mise en demeure de payer",
                ["Par la présente, nous vous mettons en demeure de nous régler, sous huit jours à compter de la réception de ce courrier, les sommes détaillées ci-dessous."],
                [(business
                    ? "Ces sommes portent intérêts de retard conformément à l'article L441-10 du code de commerce, auxquels s'ajoute l'indemnité forfaitaire pour frais de recouvrement de 40 euros par facture. "
                    : "Ces sommes portent intérêts au taux légal à compter de la présente mise en demeure (article 1344-1 du code civil). ")
                 + $"À défaut de règlement au plus tard le {deadline}, nous engagerons sans autre avis la procédure judiciaire de recouvrement (injonction de payer), dont les frais resteront à votre charge."]),
        };
    }

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static List<string> AddressLines(PostalAddress a) =>
        new[] { a.Line1, a.Line2, string.Join(' ', new[] { a.PostalCode, a.City }.Where(s => !string.IsNullOrWhiteSpace(s))), a.Country == "FR" ? null : a.Country }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
}
