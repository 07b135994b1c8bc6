using System.Net.Mail;
using Encaisse.Legal;

namespace Encaisse.Ledger;

/// <summary>A field-level problem with the value given and the reason, as shown to the user.</summary>
public sealed record FieldError(string Field, string? Value, string Reason);

/// <summary>
/// The rules a customer, invoice or payment must satisfy before it is stored, whatever the way in
/// (API, import, demo). Returns every problem at once so the user fixes them in one go.
/// </summary>
public static class LedgerValidation
{
    public static List<FieldError> Customer(Customer c)
    {
        var errors = new List<FieldError>();
        Required(errors, "ref", c.ExternalRef, 100);
        Required(errors, "legalName", c.LegalName, 200);
        if (!string.IsNullOrWhiteSpace(c.Siren) && !FrenchIdentifiers.IsValidSiren(c.Siren))
        {
            errors.Add(new("siren", c.Siren, "A SIREN has 9 digits and a valid check digit."));
        }

        if (!string.IsNullOrWhiteSpace(c.Siret))
        {
            if (!FrenchIdentifiers.IsValidSiret(c.Siret))
            {
                errors.Add(new("siret", c.Siret, "A SIRET has 14 digits and a valid check digit."));
            }
            else if (!string.IsNullOrWhiteSpace(c.Siren) && !c.Siret.StartsWith(c.Siren, StringComparison.Ordinal))
            {
                errors.Add(new("siret", c.Siret, "The SIRET does not start with the customer's SIREN."));
            }
        }

        if (!string.IsNullOrWhiteSpace(c.VatNumber) && c.VatNumber.StartsWith("FR", StringComparison.OrdinalIgnoreCase)
            && !FrenchIdentifiers.Check(c.VatNumber).Valid)
        {
            errors.Add(new("vatNumber", c.VatNumber, FrenchIdentifiers.Check(c.VatNumber).Reason ?? "Invalid French VAT number."));
        }

        if (c.Language is not ("fr" or "en"))
        {
            errors.Add(new("language", c.Language, "Language must be fr or en."));
        }

        if (c.CreditLimitMinor is < 0)
        {
            errors.Add(new("creditLimit", c.CreditLimitMinor.ToString(), "A credit limit cannot be negative."));
        }

        for (var i = 0; i < c.Contacts.Count; i++)
        {
            var email = c.Contacts[i].Email;
            if (!string.IsNullOrWhiteSpace(email) && !MailAddress.TryCreate(email, out _))
            {
                errors.Add(new($"contacts[{i}].email", null, "Not a valid e-mail address."));
            }
        }

        return errors;
    }

    public static List<FieldError> Invoice(Invoice i)
    {
        var errors = new List<FieldError>();
        Required(errors, "number", i.Number, 100);
        Currency(errors, i.Currency);
        if (i.GrossMinor <= 0)
        {
            errors.Add(new("amount", null, "The amount including tax must be positive (a credit note is a document of kind creditNote)."));
        }

        if (i.NetMinor != 0 || i.TaxMinor != 0)
        {
            if (i.NetMinor + i.TaxMinor != i.GrossMinor)
            {
                errors.Add(new("amount", null, "Amount excl. tax + tax must equal the amount incl. tax."));
            }
        }

        if (i.DueDate < i.IssueDate)
        {
            errors.Add(new("dueDate", i.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "The due date is before the issue date."));
        }

        if (i.Instalments.Count > 0)
        {
            if (i.Instalments.Sum(x => x.AmountMinor) != i.GrossMinor)
            {
                errors.Add(new("instalments", null, "The instalments must add up to the amount incl. tax."));
            }

            if (i.Instalments.Any(x => x.AmountMinor <= 0 || x.DueDate < i.IssueDate))
            {
                errors.Add(new("instalments", null, "Each instalment needs a positive amount and a due date on or after the issue date."));
            }
        }

        return errors;
    }

    public static List<FieldError> Payment(Payment p)
    {
        var errors = new List<FieldError>();
        Required(errors, "reference", p.Reference, 140);
        Currency(errors, p.Currency);
        if (p.AmountMinor <= 0)
        {
            errors.Add(new("amount", null, "A payment amount must be positive."));
        }

        return errors;
    }

    private static void Required(List<FieldError> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, value, "Required."));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, value[..Math.Min(value.Length, 40)], $"At most {maxLength} characters."));
        }
    }

    private static void Currency(List<FieldError> errors, string currency)
    {
        if (!Currencies.IsKnown(currency))
        {
            errors.Add(new("currency", currency, "Unknown ISO 4217 currency code."));
        }
    }
}
