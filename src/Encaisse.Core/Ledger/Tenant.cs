namespace Encaisse.Ledger;

/// <summary>Every stored row except the tenant itself belongs to one tenant (the creditor company).</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>A postal address as printed on letters (French layout: line1, line2, postal code + city, country).</summary>
public sealed class PostalAddress
{
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    /// <summary>ISO 3166 alpha-2 country code; FR by default.</summary>
    public string Country { get; set; } = "FR";

    public bool IsEmpty => string.IsNullOrWhiteSpace(Line1) && string.IsNullOrWhiteSpace(City);
}

/// <summary>The tenant's rule for open credit notes (avoirs).</summary>
public enum CreditNoteApplication
{
    /// <summary>A credit note is applied as soon as it is recorded to the customer's oldest open invoices (due date first).</summary>
    Automatic = 0,
    /// <summary>Credit notes stay open until a person applies them; every claim still nets them.</summary>
    Manual = 1,
}

/// <summary>The creditor company that uses Encaisse to collect its receivables.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Short stable key used by the CLI (<c>--tenant</c>) and in URLs.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Siren { get; set; }
    /// <summary>SIRET of the establishment printed on letters (14 digits; its first 9 are the SIREN).</summary>
    public string? Siret { get; set; }
    /// <summary>Legal form printed on letters and invoices (SAS, SARL...), with the share capital and the RCS city.</summary>
    public string? LegalForm { get; set; }
    /// <summary>Share capital in minor units of <see cref="Currency"/>; null when not printed.</summary>
    public long? ShareCapitalMinor { get; set; }
    /// <summary>City of the trade register (RCS) the company is registered with, e.g. Lyon.</summary>
    public string? RegistrationCity { get; set; }
    public string? VatNumber { get; set; }
    public PostalAddress Address { get; set; } = new();
    public string? Iban { get; set; }
    public string? Bic { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Default payment terms for customers without their own, e.g. <c>net30</c> or <c>45eom</c>.</summary>
    public string DefaultPaymentTerms { get; set; } = "net30";
    public string Currency { get; set; } = "EUR";
    /// <summary>IANA time zone that defines "today" for this tenant.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";
    /// <summary>How open credit notes settle invoices: applied at once to the oldest open invoices, or by a person.</summary>
    public CreditNoteApplication CreditNoteApplication { get; set; } = CreditNoteApplication.Automatic;
    public DateTimeOffset CreatedAt { get; set; }
}
