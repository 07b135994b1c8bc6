namespace Encaisse.Ledger;

public enum CustomerKind
{
    Business = 0,
    Consumer = 1,
}

/// <summary>A debtor of the tenant. Identified across imports by <see cref="ExternalRef"/> (e.g. 411DUPONT).</summary>
public sealed class Customer : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Accounting sub-account or CRM key; unique per tenant; the key imports update by.</summary>
    public required string ExternalRef { get; set; }
    public CustomerKind Kind { get; set; }
    public required string LegalName { get; set; }
    public string? Siren { get; set; }
    public string? Siret { get; set; }
    public string? VatNumber { get; set; }
    public PostalAddress BillingAddress { get; set; } = new();
    /// <summary>Language of the messages sent to this customer: fr or en.</summary>
    public string Language { get; set; } = "fr";
    public string? Segment { get; set; }
    /// <summary>Login of the collector in charge of this customer.</summary>
    public string? Collector { get; set; }
    /// <summary>Credit limit in minor units of the tenant currency; null = none set.</summary>
    public long? CreditLimitMinor { get; set; }
    /// <summary>Agreed payment terms (<c>net30</c>, <c>45eom</c>, <c>eom+15</c>...); null = tenant default.</summary>
    public string? PaymentTerms { get; set; }
    /// <summary>Risk class A (best) to E (worst) from the behaviour score; null until first scored.</summary>
    public string? RiskClass { get; set; }
    /// <summary>Opening date of a collective procedure (sauvegarde, redressement, liquidation); freezes dunning and penalties.</summary>
    public DateOnly? InsolvencyOpenedOn { get; set; }
    /// <summary>Kind of collective procedure: sauvegarde, redressement, liquidation.</summary>
    public string? InsolvencyKind { get; set; }
    /// <summary>Set when the registry reports the company as ceased (cessée).</summary>
    public DateOnly? CeasedOn { get; set; }
    /// <summary>Pays by SEPA direct debit under a mandate.</summary>
    public bool PaysByDirectDebit { get; set; }
    public List<Contact> Contacts { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the person's data was erased (GDPR): names, addresses, e-mails, phones and IBANs replaced by pseudonyms; null otherwise.</summary>
    public DateTimeOffset? PseudonymisedAt { get; set; }
}

/// <summary>A person to reach at a customer. A bounced e-mail marks the address as failing.</summary>
public sealed class Contact : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public string? Name { get; set; }
    /// <summary>Role such as "comptabilité fournisseurs", "gérant", "DAF".</summary>
    public string? Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool IsPrimary { get; set; }
    public bool EmailFailing { get; set; }
}
