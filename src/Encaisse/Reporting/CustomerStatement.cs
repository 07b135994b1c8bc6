using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>
/// The relevé de compte of one customer on a date: every open item (per instalment), unused credit notes and
/// unallocated payments, with totals per currency, laid out by the shared letter renderer.
/// </summary>
public static class CustomerStatement
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<byte[]?> RenderAsync(EncaisseDb db, Tenant tenant, string customerRef, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return null;
        }

        // The ledger's one position: open items (credit notes as negative items) and unapplied payments.
        var position = await CustomerPositions.LoadOpenAsync(db, customer.Id, asOf, ct);
        var payments = position.Credits.Where(c => c.Kind == CreditKind.UnappliedPayment).Select(c => (c.Reference, c.Date, c.Currency, c.AvailableMinor)).ToList();
        // Invoices sold to a factor carry the subrogation mention (its name and account).
        var sold = await Risk.Factoring.SubrogationMentions.OfAsync(db, position.OpenItems.Select(i => i.DocumentId), ct);
        var letter = Build(tenant, customer, asOf, position.OpenItems, payments);
        if (sold.Count > 0)
        {
            // A sold invoice is paid to its factor (the boxed mention below): the closing line does not ask for the seller's account for it.
            var soldNumbers = sold.SelectMany(s => s.Invoices).ToHashSet(StringComparer.Ordinal);
            var allSold = position.OpenItems.Where(i => i.Kind == DocumentKind.Invoice).All(i => soldNumbers.Contains(i.Number));
            letter = letter with
            {
                ClosingParagraphs = [allSold ? Localization.Catalogue.Text(Localization.Catalogue.French, "statement.closing.factor")
                    : tenant.Iban is null ? Localization.Catalogue.Text(Localization.Catalogue.French, "statement.closing.exceptSold")
                    : Localization.Catalogue.Text(Localization.Catalogue.French, "statement.closing.sellerExceptSold", ("iban", tenant.Iban))],
            };
        }

        return LetterPdf.Render(Risk.Factoring.SubrogationMentions.On(letter, Risk.Factoring.SubrogationMentions.Texts(sold, Localization.Catalogue.French)));
    }

    public static LetterDocument Build(Tenant tenant, Customer customer, DateOnly asOf, IReadOnlyList<OpenItem> items,
        IReadOnlyList<(string Reference, DateOnly ReceivedOn, string Currency, long UnallocatedMinor)> payments)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(payments);
        string D(DateOnly d) => d.ToString("dd/MM/yyyy", French);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var item in items.OrderBy(i => i.Currency, StringComparer.Ordinal).ThenBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal))
        {
            var label = item.Kind == DocumentKind.CreditNote ? $"Avoir {item.Number}"
                : item.InstalmentSequence is { } seq ? $"Facture {item.Number} (échéance {seq})" : $"Facture {item.Number}";
            rows.Add([label, D(item.IssueDate), item.Kind == DocumentKind.CreditNote ? "" : D(item.DueDate),
                Currencies.FormatFrench(item.OriginalMinor, item.Currency), Currencies.FormatFrench(item.OpenMinor, item.Currency),
                item.DaysOverdue > 0 ? item.DaysOverdue.ToString(French) + " j" : ""]);
        }

        foreach (var p in payments.OrderBy(p => p.ReceivedOn))
        {
            rows.Add([$"Règlement {p.Reference} non affecté", D(p.ReceivedOn), "", "", Currencies.FormatFrench(-p.UnallocatedMinor, p.Currency), ""]);
        }

        var totals = new List<(string, string)>();
        foreach (var currency in items.Select(i => i.Currency).Concat(payments.Select(p => p.Currency)).Distinct().Order(StringComparer.Ordinal))
        {
            var balance = items.Where(i => i.Currency == currency).Sum(i => i.OpenMinor) - payments.Where(p => p.Currency == currency).Sum(p => p.UnallocatedMinor);
            var overdue = items.Where(i => i.Currency == currency && i.Status == InvoiceStatus.Overdue).Sum(i => i.OpenMinor);
            totals.Add(($"Solde dû ({currency})", Currencies.FormatFrench(balance, currency)));
            totals.Add(($"dont échu ({currency})", Currencies.FormatFrench(overdue, currency)));
        }

        var address = Lines(customer.BillingAddress);
        var senderAddress = Lines(tenant.Address);
        return new LetterDocument
        {
            Sender = new LetterParty(tenant.Name, senderAddress)
            {
                Details = new[] { tenant.Siren is null ? null : "SIREN " + tenant.Siren, tenant.VatNumber is null ? null : "TVA " + tenant.VatNumber, tenant.Phone, tenant.Email }
                    .Where(x => x is not null).Select(x => x!).ToList(),
            },
            Recipient = new LetterParty(customer.LegalName, address),
            PlaceAndDate = $"{tenant.Address.City ?? ""}{(tenant.Address.City is null ? "" : ", ")}le {D(asOf)}".Trim(),
            References = [$"Vos références client : {customer.ExternalRef}"],
            Subject = $"Relevé de compte au {D(asOf)}",
            Salutation = "Madame, Monsieur,",
            Paragraphs = rows.Count == 0
                ? ["Votre compte ne présente aucun solde à cette date. Nous vous remercions de votre confiance."]
                : ["Veuillez trouver ci-dessous le relevé des écritures de votre compte restant ouvertes à cette date."],
            Columns =
            [
                new LetterColumn("Pièce", 0.30), new LetterColumn("Date", 0.13), new LetterColumn("Échéance", 0.13),
                new LetterColumn("Montant", 0.16, ColumnAlign.Right), new LetterColumn("Reste dû", 0.16, ColumnAlign.Right),
                new LetterColumn("Retard", 0.12, ColumnAlign.Right),
            ],
            Rows = rows,
            Totals = totals,
            ClosingParagraphs = tenant.Iban is null
                ? ["Nous vous remercions de bien vouloir régler les sommes échues dans les meilleurs délais."]
                : [$"Nous vous remercions de bien vouloir régler les sommes échues par virement sur le compte {tenant.Iban}."],
            SignatureName = tenant.Name,
            SignatureTitle = "Service comptabilité clients",
            Footer = string.Join(" – ", new[] { tenant.Name, CompanyMentions.Registration(tenant) ?? (tenant.Siren is null ? null : "SIREN " + tenant.Siren) }.Where(x => x is not null)),
        };
    }

    private static List<string> Lines(PostalAddress a) =>
        new[] { a.Line1, a.Line2, $"{a.PostalCode} {a.City}".Trim(), a.Country == "FR" ? null : a.Country }
            .Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!).ToList();
}
