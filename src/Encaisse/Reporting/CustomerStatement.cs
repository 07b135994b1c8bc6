using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Localization;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>
/// The relevé de compte of one customer on a date: every open item (per instalment), unused credit notes and
/// unallocated payments, with totals per currency, laid out by the shared letter renderer, in the customer's language.
/// </summary>
public static class CustomerStatement
{
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
                ClosingParagraphs = [allSold ? Catalogue.Text(letter.Language, "statement.closing.factor")
                    : tenant.Iban is null ? Catalogue.Text(letter.Language, "statement.closing.exceptSold")
                    : Catalogue.Text(letter.Language, "statement.closing.sellerExceptSold", ("iban", tenant.Iban))],
            };
        }

        return LetterPdf.Render(Risk.Factoring.SubrogationMentions.On(letter, Risk.Factoring.SubrogationMentions.Texts(sold, letter.Language)));
    }

    /// <summary>
    /// The statement as a letter in the customer's language (<see cref="Customer.Language"/>, French by default, as the
    /// dunning letters): every word from the catalogue (<c>statement.*</c>), amounts and dates written by it.
    /// </summary>
    public static LetterDocument Build(Tenant tenant, Customer customer, DateOnly asOf, IReadOnlyList<OpenItem> items,
        IReadOnlyList<(string Reference, DateOnly ReceivedOn, string Currency, long UnallocatedMinor)> payments)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(payments);
        var language = LanguageOf(customer);
        string T(string key, params (string Name, object? Value)[] args) => Catalogue.Text(language, key, args);
        string D(DateOnly d) => Catalogue.Format(d, language);
        string M(long minor, string currency) => Catalogue.Format(new Money(minor, currency), language);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var item in items.OrderBy(i => i.Currency, StringComparer.Ordinal).ThenBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal))
        {
            var label = item.Kind == DocumentKind.CreditNote ? T("statement.item.creditNote", ("number", item.Number))
                : item.InstalmentSequence is { } seq ? T("statement.item.instalment", ("number", item.Number), ("sequence", seq))
                : T("statement.item.invoice", ("number", item.Number));
            rows.Add([label, D(item.IssueDate), item.Kind == DocumentKind.CreditNote ? "" : D(item.DueDate),
                M(item.OriginalMinor, item.Currency), M(item.OpenMinor, item.Currency),
                item.DaysOverdue > 0 ? T("statement.daysLate", ("days", item.DaysOverdue)) : ""]);
        }

        foreach (var p in payments.OrderBy(p => p.ReceivedOn))
        {
            rows.Add([T("statement.item.payment", ("reference", p.Reference)), D(p.ReceivedOn), "", "", M(-p.UnallocatedMinor, p.Currency), ""]);
        }

        var totals = new List<(string, string)>();
        foreach (var currency in items.Select(i => i.Currency).Concat(payments.Select(p => p.Currency)).Distinct().Order(StringComparer.Ordinal))
        {
            var balance = items.Where(i => i.Currency == currency).Sum(i => i.OpenMinor) - payments.Where(p => p.Currency == currency).Sum(p => p.UnallocatedMinor);
            var overdue = items.Where(i => i.Currency == currency && i.Status == InvoiceStatus.Overdue).Sum(i => i.OpenMinor);
            totals.Add((T("statement.total.balance", ("currency", currency)), M(balance, currency)));
            totals.Add((T("statement.total.overdue", ("currency", currency)), M(overdue, currency)));
        }

        var address = Lines(customer.BillingAddress);
        var senderAddress = Lines(tenant.Address);
        return new LetterDocument
        {
            Language = language,
            Sender = new LetterParty(tenant.Name, senderAddress)
            {
                Details = new[] { tenant.Siren is null ? null : T("statement.siren", ("siren", tenant.Siren)), tenant.VatNumber is null ? null : T("statement.vat", ("vat", tenant.VatNumber)),
                    tenant.Phone, tenant.Email }
                    .Where(x => x is not null).Select(x => x!).ToList(),
            },
            Recipient = new LetterParty(customer.LegalName, address),
            PlaceAndDate = (string.IsNullOrWhiteSpace(tenant.Address.City)
                ? T("statement.date", ("date", asOf))
                : T("statement.placeAndDate", ("city", tenant.Address.City), ("date", asOf))).Trim(),
            References = [T("statement.reference", ("reference", customer.ExternalRef))],
            Subject = T("statement.subject", ("date", asOf)),
            Salutation = T("statement.salutation"),
            Paragraphs = rows.Count == 0 ? [T("statement.empty")] : [T("statement.intro")],
            Columns =
            [
                new LetterColumn(T("statement.column.document"), 0.30), new LetterColumn(T("statement.column.date"), 0.13),
                new LetterColumn(T("statement.column.due"), 0.13), new LetterColumn(T("statement.column.amount"), 0.16, ColumnAlign.Right),
                new LetterColumn(T("statement.column.open"), 0.16, ColumnAlign.Right), new LetterColumn(T("statement.column.late"), 0.12, ColumnAlign.Right),
            ],
            Rows = rows,
            Totals = totals,
            ClosingParagraphs = tenant.Iban is null ? [T("statement.closing.pay")] : [T("statement.closing.transfer", ("iban", tenant.Iban))],
            SignatureName = tenant.Name,
            SignatureTitle = T("statement.signatureTitle"),
            Footer = string.Join(" – ", new[] { tenant.Name, CompanyMentions.Registration(tenant, language) ?? (tenant.Siren is null ? null : T("statement.siren", ("siren", tenant.Siren))) }
                .Where(x => x is not null)),
        };
    }

    /// <summary>The customer's language for documents sent to them: en, else French.</summary>
    public static string LanguageOf(Customer customer) => customer?.Language == Catalogue.English ? Catalogue.English : Catalogue.French;

    private static List<string> Lines(PostalAddress a) =>
        new[] { a.Line1, a.Line2, $"{a.PostalCode} {a.City}".Trim(), a.Country == "FR" ? null : a.Country }
            .Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!).ToList();
}
