using Encaisse.Localization;
using Encaisse.Operations;

namespace Encaisse.Legal;

/// <summary>Who owes: a business (L441-10 regime) or a consumer (legal interest from the formal notice, no €40).</summary>
public enum DebtorKind
{
    Business = 0,
    Consumer = 1,
}

/// <summary>Which rate applies when a late period spans half-years (french-law.md §1.3, §11.4).</summary>
public enum HalfYearRatePolicy
{
    /// <summary>Each day at the rate of its own half-year (literal reading of L441-10 II; the default).</summary>
    Split = 0,
    /// <summary>The whole period at the rate of the half-year in which lateness began.</summary>
    Start = 1,
}

/// <summary>Day-count basis of simple interest (french-law.md §1.3, §12: sources only use 365).</summary>
public enum DayCountBasis
{
    /// <summary>Always 365 days, leap years included (every source's formula; the default).</summary>
    Days365 = 0,
    /// <summary>366 days for the days that fall in a leap year, 365 otherwise.</summary>
    Actual = 1,
}

/// <summary>
/// What happens to interest over the time an invoice was disputed, once the dispute is closed (ADR 0410). While a
/// dispute is open the invoice is left out of every claim either way.
/// </summary>
public enum DisputeInterestPolicy
{
    /// <summary>No interest from the opening to the closing day of the dispute, whatever its outcome (the default).</summary>
    Pause = 0,
    /// <summary>
    /// A rejected dispute changes nothing: interest runs from the due date, as L441-10 II allows (penalties due
    /// without reminder). A dispute resolved by a credit note still pauses interest.
    /// </summary>
    ClaimAll = 1,
}

/// <summary>
/// Days without interest on one claim: from <see cref="From"/> through <see cref="To"/>, inclusive. <see cref="Reason"/>
/// is a code (<see cref="CreditNote"/>, <see cref="RejectedDispute"/>) written by the catalogue's <c>legalNote.pause.*</c>.
/// </summary>
public sealed record InterestPause(DateOnly From, DateOnly To, string Reason)
{
    /// <summary>A dispute resolved by a credit note.</summary>
    public const string CreditNote = "creditNote";
    /// <summary>A rejected dispute, paused because the tenant's policy says so.</summary>
    public const string RejectedDispute = "rejectedDispute";
}

/// <summary>The tenant's (or a customer's) penalty policy. Defaults follow the reference's recommendations.</summary>
public sealed record PenaltyTerms
{
    public static PenaltyTerms Default { get; } = new();

    public DayCountBasis Basis { get; init; } = DayCountBasis.Days365;
    public HalfYearRatePolicy Policy { get; init; } = HalfYearRatePolicy.Split;
    /// <summary>Interest on the amount including VAT (TTC, the usual CGV wording) or excluding it.</summary>
    public bool BaseIncludesTax { get; init; } = true;
    /// <summary>Agreed annual rate in percent (CGV or contract); null = L441-10 default (ECB + 10 points).</summary>
    public decimal? ContractualRate { get; init; }
    /// <summary>Legal-interest category for consumer debts: true only when the creditor is a natural person acting outside a trade.</summary>
    public bool CreditorIsNaturalPerson { get; init; }
    public DisputeInterestPolicy DisputeInterest { get; init; } = DisputeInterestPolicy.Pause;
}

/// <summary>A payment received before the balance: it reduces the interest base from the day after it arrives.</summary>
public sealed record PartialPayment(DateOnly ReceivedOn, decimal Amount);

/// <summary>
/// Invalid input for a penalty computation (negative amount, payment after settlement, rate below the legal floor...):
/// a coded <see cref="OperationError"/> (<c>legal.penalty.*</c>, <c>legal.rate.*</c>, <c>legal.claim.*</c>) written by
/// the catalogue in the reader's language; its <see cref="Exception.Message"/> is the English text (ADR 1540).
/// </summary>
public class PenaltyInputException(OperationError error) : OperationFailedException(error)
{
    /// <summary>The refusal as a legal note when it is a rule the pages explain (a contractual rate below the floor).</summary>
    public LegalNote? Note { get; init; }

    /// <summary>An invalid-input refusal with its code and data.</summary>
    public static PenaltyInputException Invalid(string code, params (string Name, object? Value)[] data) => new(OperationError.Invalid(code, data));
}

/// <summary>The coded refusals of the legal calculator and of the penalty policy (catalogue <c>error.{code}</c>).</summary>
public static class PenaltyErrors
{
    public const string AmountNotPositive = "legal.penalty.amountNotPositive";
    public const string NoEnd = "legal.penalty.noEnd";
    public const string PaymentNotPositive = "legal.penalty.paymentNotPositive";
    public const string PaymentAfterEnd = "legal.penalty.paymentAfterEnd";
    public const string PaymentsExceedAmount = "legal.penalty.paymentsExceedAmount";
    public const string RateOutOfRange = "legal.rate.outOfRange";
    public const string RateNotNumber = "legal.rate.notNumber";
    public const string RateBelowFloor = "legal.rate.belowFloor";
    public const string RatesMissing = "legal.rate.missing";
    public const string NoticeDays = "legal.noticeDays";
    public const string NoticeDateFormat = "legal.noticeDateFormat";
    public const string CurrencyMismatch = "legal.claim.currencyMismatch";

    /// <summary>Every code, for the test that renders each in both catalogues.</summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        AmountNotPositive, NoEnd, PaymentNotPositive, PaymentAfterEnd, PaymentsExceedAmount, RateOutOfRange, RateNotNumber, RateBelowFloor,
        RatesMissing, NoticeDays, NoticeDateFormat, CurrencyMismatch,
    ];

    /// <summary>A half-year as catalogue data: "1er semestre 2026" / "first half of 2026" (<c>legalNote.firstHalf|secondHalf</c>).</summary>
    public static (string Name, object? Value)[] HalfYear(string name, Rates.HalfYear half) =>
        [(name, new Nested(half.Half == 1 ? "legalNote.firstHalf" : "legalNote.secondHalf")), (name + ".year", half.Year)];
}

/// <summary>One late claim to compute: an invoice (or instalment) amount, its due date and what was paid when.</summary>
public sealed record PenaltyRequest
{
    /// <summary>Interest base at the due date (TTC by default), in currency units.</summary>
    public required decimal Amount { get; init; }
    public string Currency { get; init; } = "EUR";
    public required DateOnly DueDate { get; init; }
    /// <summary>Day the remaining funds arrived (ends the lateness); null = still unpaid on <see cref="AsOf"/>.</summary>
    public DateOnly? PaidOn { get; init; }
    /// <summary>Date of the computation when the claim is still unpaid.</summary>
    public DateOnly? AsOf { get; init; }
    public IReadOnlyList<PartialPayment> Payments { get; init; } = [];
    public DebtorKind Debtor { get; init; } = DebtorKind.Business;
    /// <summary>Consumers: date the formal notice was received; legal interest runs from the next day.</summary>
    public DateOnly? NoticeDate { get; init; }
    /// <summary>Opening date of a collective procedure: stops interest (L622-28) and, when on or before the due date, the €40.</summary>
    public DateOnly? InsolvencyOpenedOn { get; init; }
    /// <summary>Recovery costs actually incurred and justified (lawyer, agency); above €40 they give a supplementary indemnity.</summary>
    public decimal JustifiedRecoveryCosts { get; init; }
    public PenaltyTerms Terms { get; init; } = PenaltyTerms.Default;
    /// <summary>Days that carry no interest (closed disputes, <see cref="DisputeInterestPolicy"/>); lateness still counts them.</summary>
    public IReadOnlyList<InterestPause> Pauses { get; init; } = [];
}

/// <summary>A stretch of days with one base and one rate. Dates inclusive; amounts in currency units.</summary>
public sealed record PenaltyPeriod(DateOnly From, DateOnly To, int Days, decimal AnnualRate, decimal Base, decimal Interest);

/// <summary>What the law lets the creditor claim on one late claim.</summary>
public sealed record PenaltyResult(
    int DaysLate,
    decimal Interest,
    decimal Indemnity,
    decimal SupplementaryIndemnity,
    IReadOnlyList<PenaltyPeriod> Periods,
    IReadOnlyList<LegalNote> Warnings,
    string Currency)
{
    public decimal Total => Interest + Indemnity + SupplementaryIndemnity;
}
