using Encaisse.Ledger;

namespace Encaisse.Audit;

/// <summary>
/// Who changes data: a person signed in to the back office, a person at the CLI, an API key, or a debtor on the portal.
/// Set once on the request's (or the command's) database context; every change saved through that context is recorded
/// in the audit trail with it. A context without an actor (the scheduler, the daily run) records nothing: the trail is
/// about what people and keys did (ADR 1610).
/// </summary>
public sealed record AuditActor(string Kind, string Id, string? RemoteAddress = null)
{
    public const string User = "user";
    public const string ApiKey = "apikey";
    public const string Cli = "cli";
    public const string Portal = "portal";

    /// <summary>The person running the CLI, as the operating system knows them.</summary>
    public static AuditActor OfCli() => new(Cli, Environment.UserName is { Length: > 0 } name ? name : "cli", "local");
}

/// <summary>
/// One recorded change, append-only (UPDATE and DELETE are refused by the database itself, except the one-time redaction of
/// the personal values an erasure asks for, see <see cref="AuditTrail.RedactCustomerAsync"/>). No foreign key: the entry
/// outlives what it describes.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary><see cref="AuditActor.Kind"/>: user, apikey, cli, portal.</summary>
    public required string ActorKind { get; set; }
    /// <summary>The user's login, the API key's prefix, the operating-system user, the portal link.</summary>
    public required string ActorId { get; set; }
    public string? RemoteAddress { get; set; }
    /// <summary>snake_case of the object's type: customer, contact, dunning_template, api_key...</summary>
    public required string ObjectType { get; set; }
    public required string ObjectId { get; set; }
    /// <summary>What people call the object (customer reference, invoice number, key prefix, login), when it has one.</summary>
    public string? ObjectRef { get; set; }
    public Guid? CustomerId { get; set; }
    /// <summary>Stable action key, e.g. <c>customer.updated</c>, <c>dunning_action.approved</c>, <c>allocation.manual</c>.</summary>
    public required string Action { get; set; }
    /// <summary>The changed values before (JSON object), null for a creation.</summary>
    public string? Before { get; set; }
    /// <summary>The changed values after (JSON object), null for a deletion.</summary>
    public string? After { get; set; }
    /// <summary>When an erasure replaced the personal values of this entry by pseudonyms (GDPR); null otherwise.</summary>
    public DateTimeOffset? RedactedAt { get; set; }
}
