using System.Globalization;
using Encaisse.Ledger;

namespace Encaisse.Legal;

/// <summary>Sector regimes with their own maximum terms (L441-11 II, french-law.md §1.2).</summary>
public enum TermsSector
{
    /// <summary>L441-10 I: 60 days from the invoice date, or 45 days end of month if expressly agreed.</summary>
    General = 0,
    /// <summary>Road haulage, vehicle rental, freight forwarding, customs agents: 30 days from the invoice date, no derogation.</summary>
    Transport = 1,
    /// <summary>Perishable food, frozen meat/fish, ready meals: 30 days after delivery.</summary>
    PerishableFood = 2,
    /// <summary>Livestock for consumption and derived fresh meat: 20 days after delivery.</summary>
    Livestock = 3,
    /// <summary>Alcoholic beverages under excise: 30 days after the end of the month of delivery.</summary>
    Alcohol = 4,
    /// <summary>Periodic invoice (facture récapitulative, art. 289 I 3 CGI): 45 days after the issue date.</summary>
    PeriodicInvoice = 5,
}

/// <summary>A due date checked against the legal cap, with what the user should know.</summary>
public sealed record TermsCheck(DateOnly DueDate, bool WithinLegalCap, DateOnly LegalCap, IReadOnlyList<string> Warnings);

/// <summary>Checks agreed payment terms and due dates against the legal maxima (L441-10 I, L441-11 II). Pure.</summary>
public static class PaymentTermsRules
{
    /// <summary>The due date the terms give and whether it respects the cap of <paramref name="sector"/>.</summary>
    public static TermsCheck DueDate(DateOnly invoiceDate, PaymentTerms terms, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General, DateOnly? deliveryDate = null) =>
        Check(invoiceDate, terms.DueDate(invoiceDate, method), method, sector, deliveryDate);

    /// <summary>Checks an agreed due date of an invoice issued on <paramref name="invoiceDate"/>.</summary>
    public static TermsCheck Check(DateOnly invoiceDate, DateOnly dueDate, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General, DateOnly? deliveryDate = null)
    {
        var warnings = new List<string>();
        if (dueDate < invoiceDate)
        {
            warnings.Add($"The due date {Iso(dueDate)} is before the invoice date {Iso(invoiceDate)}.");
        }

        var delivery = deliveryDate ?? invoiceDate;
        if (deliveryDate is null && sector is TermsSector.PerishableFood or TermsSector.Livestock or TermsSector.Alcohol)
        {
            warnings.Add("The sector cap counts from delivery; the invoice date was used as the delivery date.");
        }

        DateOnly cap;
        switch (sector)
        {
            case TermsSector.Transport:
                cap = invoiceDate.AddDays(30);
                break;
            case TermsSector.PerishableFood:
                cap = delivery.AddDays(30);
                break;
            case TermsSector.Livestock:
                cap = delivery.AddDays(20);
                break;
            case TermsSector.Alcohol:
                cap = PaymentTerms.EndOfMonth(delivery).AddDays(30);
                break;
            case TermsSector.PeriodicInvoice:
                cap = invoiceDate.AddDays(45);
                break;
            default:
                var sixty = invoiceDate.AddDays(60);
                var endOfMonth = new PaymentTerms(TermsKind.DaysEndOfMonth, 45).DueDate(invoiceDate, method);
                cap = sixty > endOfMonth ? sixty : endOfMonth;
                if (dueDate > sixty && dueDate <= endOfMonth)
                {
                    warnings.Add($"Beyond 60 days ({Iso(sixty)}): allowed only under the 45 days end-of-month derogation, which the contract must state expressly and which must not be a manifest abuse (L441-10 I).");
                }

                break;
        }

        var within = dueDate <= cap;
        if (!within)
        {
            warnings.Add($"The due date {Iso(dueDate)} is past the legal maximum {Iso(cap)} ({Describe(sector)}); the excess exposes the debtor to an administrative fine (L441-16).");
        }

        return new TermsCheck(dueDate, within, cap, warnings);
    }

    /// <summary>
    /// Warnings on a customer's agreed terms (or the tenant default): unreadable terms, or terms that exceed the cap
    /// for some invoice dates (tried over every day of a leap year and a common year).
    /// </summary>
    public static IReadOnlyList<string> CheckCustomer(Customer customer, Tenant tenant, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General)
    {
        var text = customer.PaymentTerms ?? tenant.DefaultPaymentTerms;
        if (!PaymentTerms.TryParse(text, out var terms))
        {
            return [$"The payment terms '{text}' cannot be read (expected net30, 45eom, eom+15 or fixed:yyyy-mm-dd)."];
        }

        if (terms.Kind == TermsKind.FixedDate)
        {
            return [];
        }

        var first = new DateOnly(2024, 1, 1);
        for (var day = first; day < first.AddYears(2); day = day.AddDays(1))
        {
            var check = DueDate(day, terms, method, sector);
            if (!check.WithinLegalCap)
            {
                return [$"The terms '{terms}' exceed the legal maximum ({Describe(sector)}): an invoice dated {Iso(day)} would fall due {Iso(check.DueDate)}, after {Iso(check.LegalCap)}."];
            }
        }

        return [];
    }

    /// <summary>Warnings on an invoice's due date (the last instalment's when there are several).</summary>
    public static IReadOnlyList<string> CheckInvoice(Invoice invoice, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General)
    {
        var due = invoice.Instalments.Count > 0 ? invoice.Instalments.Max(i => i.DueDate) : invoice.DueDate;
        return Check(invoice.IssueDate, due, method, sector).Warnings;
    }

    private static string Describe(TermsSector sector) => sector switch
    {
        TermsSector.Transport => "transport: 30 days from the invoice date, L441-11 II 5°",
        TermsSector.PerishableFood => "perishable food: 30 days after delivery, L441-11 II",
        TermsSector.Livestock => "livestock: 20 days after delivery, L441-11 II",
        TermsSector.Alcohol => "alcohol: 30 days after the end of the month of delivery, L441-11 II",
        TermsSector.PeriodicInvoice => "periodic invoice: 45 days after issue, L441-10 I",
        _ => "60 days from the invoice date or 45 days end of month, L441-10 I",
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
