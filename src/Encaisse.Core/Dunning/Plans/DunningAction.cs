namespace Encaisse.Dunning;

public enum DunningActionStatus
{
    Planned = 0,
    AwaitingApproval = 1,
    /// <summary>Claimed by a runner that is talking to the channel right now.</summary>
    Sending = 2,
    Sent = 3,
    /// <summary>Gave up (attempts exhausted, or interrupted while sending: a person checks before any retry).</summary>
    Failed = 4,
    /// <summary>Not sent for a reason (no address, rejected by the approver).</summary>
    Skipped = 5,
    /// <summary>No longer due (paid, paused, superseded) before it was sent.</summary>
    Cancelled = 6,
}

/// <summary>
/// The outbox row of one message or task: stored with its exact rendered content BEFORE anything is sent.
/// Unique on (tenant, customer, step key, cycle), so a step is sent at most once per cycle, whatever the number
/// of runs or runners.
/// </summary>
public sealed class DunningAction : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>"step:N", "instalment:PLAN:SEQ" or "thanks".</summary>
    public required string StepKey { get; set; }
    public int? StepNumber { get; set; }
    public int Cycle { get; set; }
    public Guid? PlanId { get; set; }
    public DunningChannel Channel { get; set; }
    public DunningTone Tone { get; set; }
    public required string TemplateKey { get; set; }
    public DunningActionStatus Status { get; set; }
    /// <summary>The business date the planner decided it on.</summary>
    public DateOnly PlannedOn { get; set; }
    public int Level { get; set; }
    /// <summary>Invoice ids listed, comma-separated (the cycle rule reads them back).</summary>
    public string InvoiceIds { get; set; } = "";
    /// <summary>Total open amount listed, minor units.</summary>
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    /// <summary>Recipient: e-mail address or phone number (never logged).</summary>
    public string? Recipient { get; set; }
    public Guid? ContactId { get; set; }
    public string? Subject { get; set; }
    /// <summary>Exact body as sent: sanitised HTML for e-mail, text for SMS and tasks.</summary>
    public string? Body { get; set; }
    /// <summary>Letter PDF bytes as sent (evidence).</summary>
    public byte[]? Document { get; set; }
    /// <summary>SHA-256 (hex) of the e-mail body or the PDF.</summary>
    public string? ContentHash { get; set; }
    /// <summary>Where the evidence is kept, e.g. "db:dunning_action/ID/document".</summary>
    public string? StoragePath { get; set; }
    /// <summary>Message-ID of the e-mail, fixed when stored so that a retry reuses it.</summary>
    public string? MessageId { get; set; }
    /// <summary>SMTP server answer, SMS provider answer or task id.</summary>
    public string? Outcome { get; set; }
    public string? LastError { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Which runner claimed it, and when.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    /// <summary>
    /// Set (durably, before the channel is asked) when an e-mail or SMS attempt starts talking to the server; cleared
    /// when the attempt ends without anything leaving. A claim interrupted with this still null certainly sent
    /// nothing and is released; with it set, the message may have left and a person checks (docs/adr/0352).
    /// Never set for letters, calls and tasks, which are completed in one transaction.
    /// </summary>
    public DateTimeOffset? AttemptStartedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    public IReadOnlyList<Guid> InvoiceIdList =>
        InvoiceIds.Length == 0 ? [] : InvoiceIds.Split(',').Select(s => Guid.Parse(s)).ToList();
}

public enum SmtpSecurity
{
    None = 0,
    StartTls = 1,
    SslOnConnect = 2,
    Auto = 3,
}

/// <summary>Per-tenant dunning settings: channels, scheduling, pauses.</summary>
public sealed class DunningSettings : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
    /// <summary>SMS provider endpoint (POST JSON {to, text, sender}) and bearer token.</summary>
    public string? SmsUrl { get; set; }
    public string? SmsToken { get; set; }
    public string? SmsSender { get; set; }
    /// <summary>Hour (0-23, tenant time zone) of the daily run inside <c>encaisse serve</c>.</summary>
    public int RunHour { get; set; } = 8;
    /// <summary>The last business date whose daily run was completed (the runs themselves: <c>dunning_daily_run</c>).</summary>
    public DateOnly? LastRunOn { get; set; }
    public int PromiseGraceDays { get; set; } = 3;
    public bool ThankYouMessages { get; set; }
    /// <summary>Base URL of the customer portal; the template variable portal_link.</summary>
    public string? PortalBaseUrl { get; set; }
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>A tenant's own version of a template (key + language); defaults live in code.</summary>
public sealed class DunningTemplate : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Key { get; set; }
    /// <summary>fr or en.</summary>
    public required string Language { get; set; }
    public required string Subject { get; set; }
    /// <summary>Liquid (HTML for e-mail and letters, text for SMS).</summary>
    public required string Body { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
