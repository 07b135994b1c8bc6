namespace Encaisse.Payments.Matching;

/// <summary>An invoice still (partly) unpaid, as the engine sees it. <see cref="OpenMinor"/> is what remains due.</summary>
public sealed record OpenInvoice(
    string Number,
    string CustomerRef,
    string? CustomerName,
    DateOnly IssueDate,
    DateOnly DueDate,
    long OpenMinor,
    string Currency)
{
    /// <summary>Ledger ids when the invoice comes from the database (null when read from a file).</summary>
    public Guid? InvoiceId { get; init; }
    public Guid? CustomerId { get; init; }
}

/// <summary>What is known about who pays for a customer: an IBAN and/or a name (from earlier matches, corrections, mandates).</summary>
public sealed record KnownPayer(string? Iban, string? Name, string CustomerRef);

/// <summary>A bank credit to apply. <see cref="Index"/> is its position in the statement file (0-based, across statements).</summary>
public sealed record MatchInput(
    int Index,
    DateOnly BookingDate,
    long AmountMinor,
    string Currency,
    string? CounterpartyName,
    string? CounterpartyIban,
    string? RemittanceInformation,
    string? EndToEndId = null);

/// <summary>Tenant settings of the engine.</summary>
public sealed record MatchSettings
{
    /// <summary>Proposals at or above this confidence are applied automatically; below, they go to the review queue.</summary>
    public decimal AutoApplyThreshold { get; init; } = 0.85m;
    /// <summary>A payment short of the invoices by at most this many minor units is a bank-fee difference (default 5.00).</summary>
    public long FeeToleranceMinor { get; init; } = 500;
    /// <summary>
    /// Most open invoices of one customer searched for the combinations that make up a payment. A customer with more
    /// open invoices cannot be proven to have only one combination: such payments go to review (a single invoice of
    /// exactly the amount excepted).
    /// </summary>
    public int MaxInvoicesForSums { get; init; } = 30;
}

/// <summary>One invoice of a proposal and the amount allocated to it.</summary>
public sealed record ProposedAllocation(string Number, long AmountMinor, Guid? InvoiceId);

/// <summary>
/// A proposed allocation of one bank credit (lettrage proposal), with the signals that agreed as reason codes with
/// their data (<see cref="MatchReason"/>; <see cref="MatchReasonText"/> says them in English or French). A proposal
/// without invoices but with a customer is a receipt identified as that customer's, to allocate by hand or keep as
/// customer credit. <see cref="Auto"/> is the engine's decision: apply without a person (the last reason of a proposal
/// left for review says why, with a <c>review.*</c> code).
/// </summary>
public sealed record MatchProposal(
    int Transaction,
    string? CustomerRef,
    IReadOnlyList<ProposedAllocation> Invoices,
    decimal Confidence,
    bool Auto,
    IReadOnlyList<MatchReason> Reasons)
{
    /// <summary>
    /// Part of the payment not allocated to any invoice: becomes customer credit. On an automatic proposal it is at
    /// most the fee tolerance (rounding); a larger remainder is unexplained and the proposal goes to review.
    /// </summary>
    public long UnallocatedMinor { get; init; }

    /// <summary>The reasons in English, for the CLI and for stored text.</summary>
    public IReadOnlyList<string> ReasonTexts => MatchReasonText.English(Reasons);
}

/// <summary>The outcome of a run: proposals (auto or to review) and the credits nobody could be identified for.</summary>
public sealed record MatchRun(IReadOnlyList<MatchProposal> Matches, IReadOnlyList<int> Unmatched);
