using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Documents;
using Encaisse.Localization;

namespace Encaisse.Dunning.Letters;

/// <summary>
/// Dunning letters as <see cref="LetterDocument"/> in the customer's language (en, else French): courtesy reminder before
/// the due date, first reminder, second reminder, formal notice (mise en demeure). Every word comes from the catalogue
/// (<c>dunningLetter.*</c>, the registration mentions from <c>mentions.*</c>); amounts and dates are written in the
/// letter's language. Consumer variants leave out business-only mentions (L441-10 penalties and the €40 indemnity).
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
        var language = LanguageOf(customer);
        string T(string key, params (string Name, object? Value)[] args) => Catalogue.Text(language, "dunningLetter." + key, args);
        string M(long minor, string currency) => language == Catalogue.English ? Catalogue.Format(new Money(minor, currency), language) : Currencies.FormatFrench(minor, currency);
        string D(DateOnly d) => language == Catalogue.English ? Catalogue.Format(d, language) : Date(d);
        var business = customer.Kind == CustomerKind.Business;
        var currency = claim.Currency;
        var items = claim.Claimed.Select(i => i.Item).ToList();
        var totals = new List<(string, string)>(ClaimText.PrincipalTotals(claim, language));
        if (business && claim.Legal is { } legal && claim.Purpose != ClaimPurpose.PreDueCourtesy)
        {
            var late = legal.Lines.Where(l => l.Indemnity > 0).Select(l => l.Invoice.InvoiceId).Distinct().Count();
            totals.Add((T("total.interest"), M(claim.InterestMinor, currency)));
            totals.Add((T("total.indemnity", ("count", late)), M(claim.IndemnityMinor, currency)));
            totals.Add((T("total.claimed"), M(claim.TotalMinor, currency)));
        }

        var deadline = D(asOf.AddDays(8));
        var toneKey = tone switch
        {
            DunningTone.Courtesy => "courtesy",
            DunningTone.Reminder => "reminder",
            DunningTone.Firm => "firm",
            _ => "formalNotice",
        };
        var closing = tone switch
        {
            DunningTone.Courtesy or DunningTone.Reminder => T(toneKey + ".closing"),
            DunningTone.Firm => T("firm.closing", ("deadline", deadline)) + (business ? " " + T("firm.closingBusiness") : ""),
            _ => T(business ? "formalNotice.interestBusiness" : "formalNotice.interestConsumer") + " " + T("formalNotice.deadline", ("deadline", deadline)),
        };
        return new LetterDocument
        {
            Language = language,
            Sender = new LetterParty(tenant.Name, AddressLines(tenant.Address))
            {
                Details = new[]
                {
                    tenant.Siren is null ? null : Catalogue.Text(language, "mentions.siren", ("siren", tenant.Siren)),
                    tenant.VatNumber is null ? null : Catalogue.Text(language, "mentions.vat", ("vat", tenant.VatNumber)),
                    tenant.Phone, tenant.Email,
                }.OfType<string>().ToList(),
            },
            Recipient = new LetterParty(customer.LegalName,
                (contact?.Name is { } name ? new[] { T("attention", ("name", name)) } : []).Concat(AddressLines(customer.BillingAddress)).ToList()),
            PlaceAndDate = T("placeAndDate", ("city", tenant.Address.City ?? "Paris"), ("date", D(asOf))),
            Banner = tone == DunningTone.FormalNotice ? T("formalNotice.banner") : null,
            References = [T("reference", ("reference", customer.ExternalRef))],
            Subject = T(toneKey + ".subject"),
            Salutation = T("salutation"),
            Paragraphs = [T(toneKey + ".paragraph")],
            Columns =
            [
                new LetterColumn(T("column.invoice"), 0.22), new LetterColumn(T("column.date"), 0.15), new LetterColumn(T("column.due"), 0.15),
                new LetterColumn(T("column.amount"), 0.16, ColumnAlign.Right), new LetterColumn(T("column.open"), 0.16, ColumnAlign.Right),
                new LetterColumn(T("column.late"), 0.16, ColumnAlign.Right),
            ],
            Rows = items.Select(i => (IReadOnlyList<string>)
            [
                ClaimText.Number(i), D(i.IssueDate), D(i.DueDate), M(i.OriginalMinor, i.Currency),
                M(i.OpenMinor, i.Currency), Balances.DaysOverdue(i.DueDate, asOf).ToString(CultureInfo.InvariantCulture),
            ]).ToList(),
            Totals = totals,
            ClosingParagraphs = ClaimText.Explanations(claim, language).Append(closing)
                .Append(tenant.Iban is null ? "" : tenant.Bic is null ? T("transfer", ("iban", tenant.Iban)) : T("transferBic", ("iban", tenant.Iban), ("bic", tenant.Bic)))
                .Where(p => p.Length > 0).Append(T("closing")).ToList(),
            SignatureName = customer.Collector ?? tenant.Name,
            SignatureTitle = T("signatureTitle"),
            Footer = CompanyMentions.Registration(tenant, language) is { } mentions
                ? tenant.Name + " — " + mentions
                : tenant.Name + (tenant.Siren is null ? "" : " — " + Catalogue.Text(language, "mentions.siren", ("siren", tenant.Siren))),
        };
    }

    /// <summary>The customer's language for the letter: en, else French.</summary>
    public static string LanguageOf(Customer customer) => customer?.Language == Catalogue.English ? Catalogue.English : Catalogue.French;

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static List<string> AddressLines(PostalAddress a) =>
        new[] { a.Line1, a.Line2, string.Join(' ', new[] { a.PostalCode, a.City }.Where(s => !string.IsNullOrWhiteSpace(s))), a.Country == "FR" ? null : a.Country }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
}
