using Encaisse.Ledger;

namespace Encaisse.EInvoicing;

/// <summary>An imported e-invoice: the ledger invoice it became, who issued it, and the original file, kept as
/// received (XML, or the Factur-X PDF) with the XML it carries. Unique per tenant on (seller, number).</summary>
public sealed class EInvoice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }

    /// <summary>The seller's SIREN, else its VAT number, else its name: with <see cref="Number"/> the identity of the e-invoice.</summary>
    public required string SellerKey { get; set; }
    public required string Number { get; set; }
    public required string Syntax { get; set; }
    public required string Profile { get; set; }

    /// <summary>goods, services, mixed (from the French business process BT-23: B1/S1/M1...), or null when not said.</summary>
    public string? OperationCategory { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public byte[] Content { get; set; } = [];
    public byte[] Xml { get; set; } = [];

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public required string Sha256 { get; set; }
    public string ImportedBy { get; set; } = "cli";
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>Whether a lifecycle status was received from the buyer's side or is produced by the tenant.</summary>
public enum StatusDirection
{
    In = 0,
    Out = 1,
}

/// <summary>Where an outgoing status stands: waiting, written to a CDAR file for a manual upload, or accepted by the platform.</summary>
public enum OutgoingState
{
    Pending = 0,
    Exported = 1,
    Sent = 2,
}

/// <summary>One lifecycle status of an e-invoice (XP Z12-012, CDAR), received or produced. Its code is the
/// DGFiP number kept as data (<see cref="LifecycleStatuses"/>). <see cref="Key"/> makes every status unique per
/// tenant: a received message is recorded once however often it is read, a produced one (cashed: one per
/// allocation) is produced once however often the producer runs.</summary>
public sealed class EInvoiceStatus : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid EInvoiceId { get; set; }
    public Guid InvoiceId { get; set; }
    public StatusDirection Direction { get; set; }
    public int Code { get; set; }
    public required string Key { get; set; }
    public DateOnly OccurredOn { get; set; }
    public long? AmountMinor { get; set; }
    public string? Currency { get; set; }
    public string? ReasonCode { get; set; }
    public string? Reason { get; set; }
    public string Source { get; set; } = "platform";
    public OutgoingState? State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? PlatformId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
}

/// <summary>The tenant's e-invoicing settings. <see cref="CashedFor"/>: which e-invoices get a cashed status when
/// settled: <c>services</c> (VAT due on receipt, the legal minimum), <c>all</c>, or <c>none</c>.</summary>
public sealed class EInvoiceSettings : ITenantOwned
{
    public const string Services = "services";
    public const string All = "all";
    public const string None = "none";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string CashedFor { get; set; } = Services;
    public string? PlatformUrl { get; set; }
}
