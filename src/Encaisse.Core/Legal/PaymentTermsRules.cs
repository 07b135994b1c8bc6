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
public sealed record TermsCheck(DateOnly DueDate, bool WithinLegalCap, DateOnly LegalCap, IReadOnlyList<LegalNote> Warnings);

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
        var warnings = new List<LegalNote>();
        if (dueDate < invoiceDate)
        {
            warnings.Add(LegalNote.Of(LegalNote.DueBeforeIssue, ("due", dueDate), ("issued", invoiceDate)));
        }

        var delivery = deliveryDate ?? invoiceDate;
        if (deliveryDate is null && sector is TermsSector.PerishableFood or TermsSector.Livestock or TermsSector.Alcohol)
        {
            warnings.Add(LegalNote.Of(LegalNote.DeliveryAssumed));
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
                    warnings.Add(LegalNote.Of(LegalNote.EndOfMonthDerogation, ("date", sixty)));
                }

                break;
        }

        var within = dueDate <= cap;
        if (!within)
        {
            warnings.Add(LegalNote.Of(LegalNote.PastCap, ("due", dueDate), ("cap", cap), ("sector", sector)));
        }

        return new TermsCheck(dueDate, within, cap, warnings);
    }

    /// <summary>
    /// Warnings on a customer's agreed terms (or the tenant default): unreadable terms, or terms that exceed the cap
    /// for some invoice dates (tried over every day of a leap year and a common year).
    /// </summary>
    public static IReadOnlyList<LegalNote> CheckCustomer(Customer customer, Tenant tenant, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General)
    {
        var text = customer.PaymentTerms ?? tenant.DefaultPaymentTerms;
        if (!PaymentTerms.TryParse(text, out var terms))
        {
            return [LegalNote.Of(LegalNote.TermsUnreadable, ("terms", text))];
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
                return [LegalNote.Of(LegalNote.TermsExceedCap, ("terms", terms), ("sector", sector), ("issued", day), ("due", check.DueDate), ("cap", check.LegalCap))];
            }
        }

        return [];
    }

    /// <summary>Warnings on an invoice's due date (the last instalment's when there are several).</summary>
    public static IReadOnlyList<LegalNote> CheckInvoice(Invoice invoice, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays,
        TermsSector sector = TermsSector.General)
    {
        var due = invoice.Instalments.Count > 0 ? invoice.Instalments.Max(i => i.DueDate) : invoice.DueDate;
        return Check(invoice.IssueDate, due, method, sector).Warnings;
    }
}
