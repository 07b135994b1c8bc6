using Encaisse.Legal;
using Encaisse.Payments;

namespace Encaisse.Ledger;

/// <summary>The company's identity as typed on the settings page (texts, not yet normalised).</summary>
public sealed record TenantIdentityInput(
    string? Name, string? Siren, string? Siret, string? VatNumber, string? LegalForm, string? ShareCapital, string? RegistrationCity,
    string? Line1, string? Line2, string? PostalCode, string? City, string? Country,
    string? Iban, string? Bic, string? Email, string? Phone, string? Currency, string? TimeZone, string? DefaultPaymentTerms);

/// <summary>A refused field and a reason code (settings.err.*) that the page translates.</summary>
public sealed record IdentityProblem(string Field, string Code);

/// <summary>
/// Checks and applies the company's identity: SIREN/SIRET check digits (Luhn, La Poste), SIRET within the SIREN,
/// VAT key of a French number, IBAN mod 97, BIC shape, ISO currency, IANA time zone. Pure: no database, no clock.
/// </summary>
public static class TenantIdentity
{
    public static IReadOnlyList<IdentityProblem> Check(TenantIdentityInput input, Func<string, bool> isTimeZone)
    {
        var problems = new List<IdentityProblem>();
        void Add(string field, string code) => problems.Add(new IdentityProblem(field, code));
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            Add("name", "name");
        }

        var siren = Digits(input.Siren);
        if (siren is not null && !FrenchIdentifiers.IsValidSiren(siren))
        {
            Add("siren", "siren");
        }

        var siret = Digits(input.Siret);
        if (siret is not null && !FrenchIdentifiers.IsValidSiret(siret))
        {
            Add("siret", "siret");
        }
        else if (siret is not null && siren is not null && !siret.StartsWith(siren, StringComparison.Ordinal))
        {
            Add("siret", "siretSiren");
        }

        var vat = Compact(input.VatNumber);
        if (vat is not null)
        {
            if (vat.StartsWith("FR", StringComparison.Ordinal))
            {
                var check = FrenchIdentifiers.Check(vat);
                if (!check.Valid)
                {
                    Add("vat", "vat");
                }
                else if (siren is not null && !vat.EndsWith(siren, StringComparison.Ordinal))
                {
                    Add("vat", "vatSiren");
                }
            }
            else if (vat.Length is < 4 or > 14 || !char.IsAsciiLetterUpper(vat[0]) || !char.IsAsciiLetterUpper(vat[1]))
            {
                Add("vat", "vat");
            }
        }

        if (ShareCapitalOf(input.ShareCapital, "EUR") is null && !string.IsNullOrWhiteSpace(input.ShareCapital))
        {
            Add("shareCapital", "amount");
        }

        if (!string.IsNullOrWhiteSpace(input.Iban) && !Iban.IsValid(input.Iban))
        {
            Add("iban", "iban");
        }

        var bic = Compact(input.Bic);
        if (bic is not null && (bic.Length is not (8 or 11) || !bic.Take(6).All(char.IsAsciiLetterUpper) || !bic.All(char.IsAsciiLetterOrDigit)))
        {
            Add("bic", "bic");
        }

        if (!string.IsNullOrWhiteSpace(input.Email) && !System.Net.Mail.MailAddress.TryCreate(input.Email.Trim(), out _))
        {
            Add("email", "email");
        }

        if (!Currencies.IsKnown(input.Currency?.Trim().ToUpperInvariant()))
        {
            Add("currency", "currency");
        }

        if (string.IsNullOrWhiteSpace(input.TimeZone) || !isTimeZone(input.TimeZone.Trim()))
        {
            Add("timeZone", "timeZone");
        }

        var country = input.Country?.Trim().ToUpperInvariant();
        if (country is not null && country.Length > 0 && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            Add("country", "country");
        }

        return problems;
    }

    /// <summary>Writes the checked values onto the tenant (call after <see cref="Check"/> found nothing).</summary>
    public static void Apply(Tenant tenant, TenantIdentityInput input)
    {
        tenant.Name = input.Name!.Trim();
        tenant.Siren = Digits(input.Siren);
        tenant.Siret = Digits(input.Siret);
        tenant.VatNumber = Compact(input.VatNumber);
        tenant.LegalForm = Trimmed(input.LegalForm);
        tenant.Currency = input.Currency!.Trim().ToUpperInvariant();
        tenant.ShareCapitalMinor = ShareCapitalOf(input.ShareCapital, tenant.Currency);
        tenant.RegistrationCity = Trimmed(input.RegistrationCity);
        tenant.Address = new PostalAddress
        {
            Line1 = Trimmed(input.Line1), Line2 = Trimmed(input.Line2), PostalCode = Trimmed(input.PostalCode), City = Trimmed(input.City),
            Country = Trimmed(input.Country)?.ToUpperInvariant() ?? "FR",
        };
        tenant.Iban = Iban.Normalize(input.Iban);
        tenant.Bic = Compact(input.Bic);
        tenant.Email = Trimmed(input.Email);
        tenant.Phone = Trimmed(input.Phone);
        tenant.TimeZone = input.TimeZone!.Trim();
        tenant.DefaultPaymentTerms = Trimmed(input.DefaultPaymentTerms) ?? tenant.DefaultPaymentTerms;
    }

    /// <summary>"10 000", "10000,00" or "10000.00" in minor units; null when empty or not an amount.</summary>
    public static long? ShareCapitalOf(string? text, string currency)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '€').ToArray()).Replace(',', '.');
        return decimal.TryParse(cleaned, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? Currencies.ToMinor(amount, Currencies.IsKnown(currency) ? currency : "EUR")
            : null;
    }

    private static string? Digits(string? text)
    {
        var compact = Compact(text);
        return compact;
    }

    private static string? Compact(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return new string(text.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray()).ToUpperInvariant();
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
