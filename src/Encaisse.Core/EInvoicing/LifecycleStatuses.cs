namespace Encaisse.EInvoicing;

/// <summary>What a received status does to collections.</summary>
public enum StatusEffect
{
    /// <summary>Shown on the invoice and the timeline only.</summary>
    Shown,

    /// <summary>Refused by the buyer or rejected by a platform: dunning stops, the invoice is flagged (a dispute is opened with the reason).</summary>
    Stop,

    /// <summary>In dispute: a dispute is opened with the buyer's reason (dunning paused).</summary>
    Dispute,

    /// <summary>Payment transmitted: recorded as an expected payment (a promise to pay).</summary>
    ExpectPayment,
}

/// <summary>One lifecycle status of the French e-invoicing reform.</summary>
public sealed record LifecycleStatus(int Code, string Name, bool Mandatory, StatusEffect Effect);

/// <summary>The lifecycle statuses, as data: codes of the DGFiP external specifications (spécifications externes
/// de la facturation électronique, cycle de vie; 200 to 228, earlier versions numbered differently, hence a table
/// rather than constants spread in code). Names are catalogue keys <c>einvoice.status.{name}</c>.</summary>
public static class LifecycleStatuses
{
    public const int Submitted = 200;
    public const int Approved = 205;
    public const int PartiallyApproved = 206;
    public const int Disputed = 207;
    public const int Refused = 210;
    public const int PaymentTransmitted = 211;
    public const int Cashed = 212;
    public const int Rejected = 213;

    public static IReadOnlyList<LifecycleStatus> All { get; } =
    [
        new(200, "submitted", true, StatusEffect.Shown),
        new(201, "issued", false, StatusEffect.Shown),
        new(202, "received", false, StatusEffect.Shown),
        new(203, "madeAvailable", false, StatusEffect.Shown),
        new(204, "inHand", false, StatusEffect.Shown),
        new(205, "approved", false, StatusEffect.Shown),
        new(206, "partiallyApproved", false, StatusEffect.Shown),
        new(207, "disputed", false, StatusEffect.Dispute),
        new(208, "suspended", false, StatusEffect.Shown),
        new(209, "completed", false, StatusEffect.Shown),
        new(210, "refused", true, StatusEffect.Stop),
        new(211, "paymentTransmitted", false, StatusEffect.ExpectPayment),
        new(212, "cashed", true, StatusEffect.Shown),
        new(213, "rejected", true, StatusEffect.Stop),
        new(214, "validated", false, StatusEffect.Shown),
        new(220, "cancelled", false, StatusEffect.Shown),
        new(221, "routingError", false, StatusEffect.Shown),
        new(224, "directPaymentRequest", false, StatusEffect.Shown),
        new(225, "factored", false, StatusEffect.Shown),
        new(226, "factoredConfidential", false, StatusEffect.Shown),
        new(227, "payeeAccountChanged", false, StatusEffect.Shown),
        new(228, "notFactored", false, StatusEffect.Shown),
    ];

    private static readonly Dictionary<int, LifecycleStatus> ByCode = All.ToDictionary(s => s.Code);

    public static LifecycleStatus? Of(int code) => ByCode.GetValueOrDefault(code);

    public static string NameOf(int code) => Of(code)?.Name ?? $"code{code}";
}
