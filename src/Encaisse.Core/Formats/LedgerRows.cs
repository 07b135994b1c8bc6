using Encaisse.Ledger;

namespace Encaisse.Formats;

/// <summary>
/// Turns the rows of a customers, invoices or payments file into parsed records, streaming: only valid records
/// are yielded, every problem goes to <see cref="ImportIssues"/> with its line, column, value and reason.
/// Memory grows with the number of distinct document numbers (duplicate detection), not with the rows.
/// </summary>
public sealed class LedgerRows
{
    private readonly ColumnMap map;
    private readonly ImportIssues issues;
    private readonly string defaultCurrency;

    private LedgerRows(ColumnMap map, ImportIssues issues, string defaultCurrency)
    {
        this.map = map;
        this.issues = issues;
        this.defaultCurrency = defaultCurrency;
    }

    public ColumnMap Map => map;

    /// <summary>Maps the header row; check <see cref="ImportIssues.FileRejected"/> before reading rows.</summary>
    public static LedgerRows Create(ImportKind kind, IReadOnlyList<string?> headers, ImportIssues issues, string defaultCurrency = "EUR") =>
        new(ColumnMap.Create(kind, headers, issues), issues, defaultCurrency);

    public IEnumerable<ParsedCustomer> Customers(IEnumerable<TabularRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (IsBlank(row))
            {
                continue;
            }

            var before = issues.Count;
            var customer = ReadCustomer(row, required: true);
            if (customer is not null && !seen.Add(customer.ExternalRef))
            {
                Issue(row, Field.CustomerRef, customer.ExternalRef, "appears twice in the file (customer references must be unique)");
            }

            if (customer is not null && issues.Count == before)
            {
                yield return customer;
            }
        }
    }

    /// <summary>
    /// Invoices and credit notes. Consecutive rows with the same number and different due dates are one invoice
    /// paid in instalments (each row's amount is the instalment's amount).
    /// </summary>
    public IEnumerable<ParsedInvoice> Invoices(IEnumerable<TabularRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ParsedInvoice? pending = null;
        List<ParsedInstalment>? instalments = null;
        foreach (var row in rows)
        {
            if (IsBlank(row))
            {
                continue;
            }

            var before = issues.Count;
            var invoice = ReadInvoice(row);
            if (invoice is null || issues.Count != before)
            {
                // An invalid row ends a run of instalment rows: a later row with the same number is a duplicate.
                if (pending is not null)
                {
                    yield return instalments is null ? pending : pending with { Instalments = instalments };
                    pending = null;
                    instalments = null;
                }

                continue;
            }

            if (pending is not null && pending.Number == invoice.Number)
            {
                instalments ??= [new ParsedInstalment(1, pending.DueDate, pending.GrossMinor)];
                if (instalments.Any(i => i.DueDate == invoice.DueDate) || invoice.Kind != pending.Kind || invoice.Currency != pending.Currency || invoice.CustomerRef != pending.CustomerRef)
                {
                    Issue(row, Field.Number, invoice.Number, invoice.Kind != pending.Kind || invoice.Currency != pending.Currency || invoice.CustomerRef != pending.CustomerRef
                        ? "repeats the previous invoice number with a different customer, type or currency"
                        : "appears twice with the same due date (several rows of one invoice must have different due dates: one per instalment)");
                    continue;
                }

                instalments.Add(new ParsedInstalment(instalments.Count + 1, invoice.DueDate, invoice.GrossMinor));
                pending = pending with
                {
                    NetMinor = checked(pending.NetMinor + invoice.NetMinor),
                    TaxMinor = checked(pending.TaxMinor + invoice.TaxMinor),
                    GrossMinor = checked(pending.GrossMinor + invoice.GrossMinor),
                    DueDate = invoice.DueDate > pending.DueDate ? invoice.DueDate : pending.DueDate,
                };
                continue;
            }

            if (!seen.Add(invoice.Number))
            {
                Issue(row, Field.Number, invoice.Number, "appears twice in the file (rows of one invoice paid in instalments must follow each other)");
                continue;
            }

            if (pending is not null)
            {
                yield return instalments is null ? pending : pending with { Instalments = instalments };
            }

            pending = invoice;
            instalments = null;
        }

        if (pending is not null)
        {
            yield return instalments is null ? pending : pending with { Instalments = instalments };
        }
    }

    public IEnumerable<ParsedPayment> Payments(IEnumerable<TabularRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (IsBlank(row))
            {
                continue;
            }

            var before = issues.Count;
            var payment = ReadPayment(row);
            if (payment is not null && !seen.Add(payment.Reference))
            {
                Issue(row, Field.Reference, payment.Reference, "appears twice in the file (payment references must be unique)");
            }

            if (payment is not null && issues.Count == before)
            {
                yield return payment;
            }
        }
    }

    private ParsedInvoice? ReadInvoice(TabularRow row)
    {
        var number = Required(row, Field.Number);
        var customerRef = Required(row, Field.CustomerRef);
        var issueDate = Date(row, Field.IssueDate, required: true);
        var dueDate = Date(row, Field.DueDate, required: true);
        var currencyText = map.Get(row, Field.Currency);
        if (!Cells.TryCurrency(currencyText, defaultCurrency, out var currency, out var currencyReason))
        {
            Issue(row, Field.Currency, currencyText, currencyReason!);
            return null;
        }

        var gross = Amount(row, Field.Amount, required: true);
        var net = Amount(row, Field.NetAmount, required: false);
        var tax = Amount(row, Field.TaxAmount, required: false);
        var kind = DocumentType(row, gross);
        var customer = map.Has(Field.CustomerName) ? ReadCustomer(row, required: false) : null;
        if (number is null || customerRef is null || issueDate is null || dueDate is null || gross is null)
        {
            return null;
        }

        if (dueDate < issueDate)
        {
            Issue(row, Field.DueDate, map.Get(row, Field.DueDate), $"is before the issue date {issueDate:yyyy-MM-dd}");
            return null;
        }

        var grossMinor = Math.Abs(Cells.ToMinor(gross.Value, currency));
        long netMinor = net is null ? 0 : Math.Abs(Cells.ToMinor(net.Value, currency));
        long taxMinor = tax is null ? (net is null ? 0 : grossMinor - netMinor) : Math.Abs(Cells.ToMinor(tax.Value, currency));
        if (net is null && tax is not null)
        {
            netMinor = grossMinor - taxMinor;
        }
        else if (net is null)
        {
            netMinor = grossMinor;
        }

        if (grossMinor == 0)
        {
            Issue(row, Field.Amount, map.Get(row, Field.Amount), "is zero: an invoice must have an amount");
            return null;
        }

        if (net is not null && tax is not null && netMinor + taxMinor != grossMinor)
        {
            Issue(row, Field.Amount, map.Get(row, Field.Amount),
                $"does not equal the amount excl. tax plus the tax ({Currencies.FormatInvariant(netMinor, currency)} + {Currencies.FormatInvariant(taxMinor, currency)})");
            return null;
        }

        return new ParsedInvoice(row.Line, number, customerRef, kind ?? DocumentKind.Invoice, issueDate.Value, dueDate.Value, currency,
            netMinor, taxMinor, grossMinor, map.Get(row, Field.PurchaseOrder), [], customer, map.Get(row, Field.Factor) is { Length: > 0 } factor ? factor.Trim() : null);
    }

    private DocumentKind? DocumentType(TabularRow row, decimal? gross)
    {
        var text = map.Get(row, Field.DocumentType);
        if (text is null)
        {
            return gross < 0 ? DocumentKind.CreditNote : DocumentKind.Invoice;
        }

        switch (Columns.Normalize(text))
        {
            case "avoir" or "av" or "a" or "credit note" or "credit" or "cn" or "credit memo" or "note de credit" or "avoir client":
                return DocumentKind.CreditNote;
            case "facture" or "fa" or "f" or "fac" or "invoice" or "inv" or "i" or "debit" or "facture client":
                return gross < 0 ? DocumentKind.CreditNote : DocumentKind.Invoice;
            default:
                Issue(row, Field.DocumentType, text, "is not a document type (facture/invoice or avoir/credit note)");
                return null;
        }
    }

    private ParsedCustomer? ReadCustomer(TabularRow row, bool required)
    {
        var reference = required ? Required(row, Field.CustomerRef) : map.Get(row, Field.CustomerRef);
        var name = required ? Required(row, Field.CustomerName) : map.Get(row, Field.CustomerName);
        string? siren = null, siret = null, vat = null;
        if (map.Get(row, Field.Siren) is { } sirenText)
        {
            // Some exports put the SIRET in the SIREN column: accept 14 digits there too.
            if (Cells.Compact(sirenText).Length == 14)
            {
                if (Cells.TrySiret(sirenText, out var s, out var reason))
                {
                    siret = s;
                    siren = s[..9];
                }
                else
                {
                    Issue(row, Field.Siren, sirenText, reason!);
                }
            }
            else if (Cells.TrySiren(sirenText, out var s, out var reason))
            {
                siren = s;
            }
            else
            {
                Issue(row, Field.Siren, sirenText, reason!);
            }
        }

        if (map.Get(row, Field.Siret) is { } siretText)
        {
            if (Cells.TrySiret(siretText, out var s, out var reason))
            {
                if (siren is not null && siren != s[..9])
                {
                    Issue(row, Field.Siret, siretText, $"does not belong to the SIREN {siren} given on the same row");
                }

                siret = s;
                siren ??= s[..9];
            }
            else
            {
                Issue(row, Field.Siret, siretText, reason!);
            }
        }

        if (map.Get(row, Field.VatNumber) is { } vatText)
        {
            if (Cells.TryVat(vatText, out var v, out var reason))
            {
                vat = v;
            }
            else
            {
                Issue(row, Field.VatNumber, vatText, reason!);
            }
        }

        long? creditLimit = null;
        if (Amount(row, Field.CreditLimit, required: false) is { } limit)
        {
            creditLimit = Cells.ToMinor(limit, defaultCurrency);
        }

        CustomerKind? kind = null;
        if (map.Get(row, Field.CustomerKind) is { } kindText)
        {
            kind = Columns.Normalize(kindText) switch
            {
                "particulier" or "consommateur" or "consumer" or "individual" or "b2c" or "person" => CustomerKind.Consumer,
                "entreprise" or "professionnel" or "societe" or "business" or "company" or "b2b" or "pro" => CustomerKind.Business,
                _ => null,
            };
            if (kind is null)
            {
                Issue(row, Field.CustomerKind, kindText, "is not a customer type (entreprise/business or particulier/consumer)");
            }
        }

        string? country = map.Get(row, Field.Country)?.ToUpperInvariant();
        if (country is not null)
        {
            country = country switch { "FRANCE" => "FR", "BELGIQUE" or "BELGIUM" => "BE", "SUISSE" or "SWITZERLAND" => "CH", "ALLEMAGNE" or "GERMANY" => "DE", "ESPAGNE" or "SPAIN" => "ES", "ITALIE" or "ITALY" => "IT", "LUXEMBOURG" => "LU", _ => country };
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            {
                Issue(row, Field.Country, map.Get(row, Field.Country), "is not a two-letter country code (FR, BE, CH...)");
                country = null;
            }
        }

        var language = map.Get(row, Field.Language)?.ToLowerInvariant();
        if (language is not null)
        {
            language = language switch { "francais" or "français" or "french" => "fr", "anglais" or "english" => "en", _ => language };
            if (language is not "fr" and not "en")
            {
                Issue(row, Field.Language, map.Get(row, Field.Language), "is not a supported language (fr or en)");
                language = null;
            }
        }

        // Terms are stored in their short form (45eom, net30…) so every rule reads them; French phrases such as
        // "45 jours fin de mois" are understood, anything else is refused here rather than stored unreadable.
        var termsText = map.Get(row, Field.PaymentTerms);
        string? terms = null;
        if (!string.IsNullOrWhiteSpace(termsText))
        {
            if (Legal.PaymentTerms.TryParse(termsText, out var parsedTerms))
            {
                terms = parsedTerms.ToString();
            }
            else
            {
                Issue(row, Field.PaymentTerms, termsText,
                    "are not payment terms Encaisse can read (for example 30 jours net, 45 jours fin de mois, fin de mois + 15 jours, comptant, net30, 45eom)");
            }
        }

        if (reference is null)
        {
            return null;
        }

        if (name is null)
        {
            if (required)
            {
                return null;
            }

            // An invoice file with a customer-name column but an empty cell: the customer must already exist.
            return null;
        }

        return new ParsedCustomer(row.Line, reference, Truncate(name, 200), kind, siren, siret, vat,
            map.Get(row, Field.AddressLine1), map.Get(row, Field.AddressLine2), map.Get(row, Field.PostalCode),
            map.Get(row, Field.City), country, language, map.Get(row, Field.Segment), terms, creditLimit);
    }

    private ParsedPayment? ReadPayment(TabularRow row)
    {
        var reference = Required(row, Field.Reference);
        var date = Date(row, Field.PaymentDate, required: true);
        var amount = Amount(row, Field.Amount, required: true);
        var currencyText = map.Get(row, Field.Currency);
        if (!Cells.TryCurrency(currencyText, defaultCurrency, out var currency, out var currencyReason))
        {
            Issue(row, Field.Currency, currencyText, currencyReason!);
            return null;
        }

        var method = PaymentMethod.Transfer;
        if (map.Get(row, Field.PaymentMethod) is { } methodText)
        {
            PaymentMethod? parsed = Columns.Normalize(methodText) switch
            {
                "virement" or "vir" or "transfer" or "wire" or "sepa" or "credit transfer" or "virement sepa" => PaymentMethod.Transfer,
                "prelevement" or "prlv" or "direct debit" or "dd" or "sdd" => PaymentMethod.DirectDebit,
                "cheque" or "chq" or "check" => PaymentMethod.Cheque,
                "carte" or "cb" or "card" or "carte bancaire" => PaymentMethod.Card,
                "especes" or "cash" or "esp" => PaymentMethod.Cash,
                "autre" or "other" => PaymentMethod.Other,
                _ => null,
            };
            if (parsed is null)
            {
                Issue(row, Field.PaymentMethod, methodText, "is not a payment method (virement, prélèvement, chèque, carte, espèces, autre)");
                return null;
            }

            method = parsed.Value;
        }

        if (reference is null || date is null || amount is null)
        {
            return null;
        }

        if (amount <= 0)
        {
            Issue(row, Field.Amount, map.Get(row, Field.Amount), "must be positive (a refund is not a payment)");
            return null;
        }

        return new ParsedPayment(row.Line, reference, map.Get(row, Field.CustomerRef), date.Value, Cells.ToMinor(amount.Value, currency),
            currency, method, map.Get(row, Field.PayerName) ?? map.Get(row, Field.CustomerName), map.Get(row, Field.PayerIban)?.Replace(" ", "", StringComparison.Ordinal),
            map.Get(row, Field.Number));
    }

    private string? Required(TabularRow row, Field field)
    {
        var value = map.Get(row, field);
        if (value is null)
        {
            Issue(row, field, null, "is empty but required");
        }
        else if (value.Length > 100)
        {
            Issue(row, field, value[..40] + "…", "is longer than 100 characters");
            return null;
        }

        return value;
    }

    private DateOnly? Date(TabularRow row, Field field, bool required)
    {
        var text = map.Get(row, field);
        if (text is null)
        {
            if (required)
            {
                Issue(row, field, null, "is empty but required");
            }

            return null;
        }

        if (Cells.TryDate(text, out var date, out var reason))
        {
            return date;
        }

        Issue(row, field, text, reason!);
        return null;
    }

    private decimal? Amount(TabularRow row, Field field, bool required)
    {
        var text = map.Get(row, field);
        if (text is null)
        {
            if (required)
            {
                Issue(row, field, null, "is empty but required");
            }

            return null;
        }

        if (Cells.TryAmount(text, out var amount, out var reason))
        {
            return amount;
        }

        Issue(row, field, text, reason!);
        return null;
    }

    private void Issue(TabularRow row, Field field, string? value, string reason) =>
        issues.Add(row.Line, map.HeaderOf(field), value, reason);

    private static bool IsBlank(TabularRow row) => row.Cells.All(string.IsNullOrWhiteSpace);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
