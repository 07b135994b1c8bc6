using System.Globalization;
using System.Text.Json.Serialization;
using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Payments.Matching;

/// <summary>
/// One signal behind a proposal, as a stable code with its data (ADR 0501, amended by 0503), so that the back office
/// can say it in French or English and the CLI in English (<see cref="MatchReasonText"/>). <see cref="Weight"/> is what
/// the signal added to the confidence (0 for facts and decisions). Codes are listed in <see cref="MatchReasonCodes"/>.
/// </summary>
public sealed record MatchReason(string Code)
{
    /// <summary>The invoice the signal is about.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Invoice { get; init; }
    /// <summary>The customer the signal is about (reference in the ledger).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Customer { get; init; }
    /// <summary>What was read in the remittance text or the end-to-end id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
    /// <summary>An amount in minor units of <see cref="Currency"/> (a difference, an open amount, a remainder).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AmountMinor { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; init; }
    /// <summary>A count (invoices, combinations, customers).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }
    /// <summary>Days between the booking date and the nearest due date (negative: before).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Days { get; init; }
    public decimal Weight { get; init; }

    /// <summary>The reason in English (CLI, logs).</summary>
    public override string ToString() => MatchReasonText.English(this);
}

/// <summary>The codes of <see cref="MatchReason"/>; documented in docs/payments.md.</summary>
public static class MatchReasonCodes
{
    // What the text names.
    public const string ReferenceRf = "reference.rf";
    public const string ReferenceExact = "reference.exact";
    public const string ReferenceSequence = "reference.sequence";
    public const string ReferenceTypo = "reference.typo";
    public const string ReferenceTruncated = "reference.truncated";
    public const string ReferenceTextAmount = "reference.text-amount";
    public const string ReferenceUnresolved = "reference.unresolved";
    public const string ReferenceOtherCustomer = "reference.other-customer";

    // Who pays.
    public const string CustomerRf = "customer.rf";
    public const string CustomerCode = "customer.code";
    public const string PayerIban = "payer.iban";
    public const string PayerName = "payer.name";
    public const string PayerOtherCustomer = "payer.other-customer";

    // How the amount is explained.
    public const string AmountExact = "amount.exact";
    public const string AmountFeeShort = "amount.fee-short";
    public const string AmountCompleted = "amount.completed";
    public const string AmountTextAmounts = "amount.text-amounts";
    public const string AmountPartial = "amount.partial";
    public const string AmountOverpaid = "amount.overpaid";
    public const string AmountOpenItems = "amount.open-items";
    public const string AmountOnlyInPortfolio = "amount.only-in-portfolio";
    public const string DateNearDue = "date.near-due";

    // Why a person must decide.
    public const string ReviewAmbiguous = "review.ambiguous";
    public const string ReviewOtherCustomer = "review.other-customer";
    public const string ReviewUnexplainedRemainder = "review.unexplained-remainder";
    public const string ReviewPartialUnconfirmed = "review.partial-unconfirmed";
    public const string ReviewSplitUnknown = "review.split-unknown";
    public const string ReviewUnresolvedReference = "review.unresolved-reference";
    public const string ReviewForeignReference = "review.foreign-reference";
    public const string ReviewPayerUnconfirmed = "review.payer-unconfirmed";
    public const string ReviewNoInvoice = "review.no-invoice";
    public const string ReviewBelowThreshold = "review.below-threshold";
    public const string ReviewAlreadySettled = "review.already-settled";
    public const string ReviewFactored = "review.factored";
}

/// <summary>
/// Says <see cref="MatchReason"/> codes as sentences from the catalogue (<c>matchReason.{code}</c> of <c>fr.json</c> /
/// <c>en.json</c>): English for the CLI and stored texts, the reader's language in the back office.
/// </summary>
public static class MatchReasonText
{
    public static string English(MatchReason reason) => Render(reason, Catalogue.English);

    public static string French(MatchReason reason) => Render(reason, Catalogue.French);

    /// <summary>The reasons in English, in order (for stored proposals and timelines that keep text).</summary>
    public static IReadOnlyList<string> English(IEnumerable<MatchReason> reasons) => [.. (reasons ?? []).Select(English)];

    public static string Render(MatchReason reason, string language)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var key = "matchReason." + reason.Code + (reason.Code == MatchReasonCodes.DateNearDue ? reason.Days >= 0 ? ".after" : ".before" : "");
        if (!Catalogue.Has(key))
        {
            return reason.Code;
        }

        return Catalogue.Text(language, key,
            ("invoice", reason.Invoice), ("customer", reason.Customer), ("text", reason.Text), ("amount", Amount(reason)),
            ("count", reason.Count), ("days", reason.Days is { } days ? Math.Abs(days) : null));
    }

    /// <summary>The amount as money the catalogue writes (1 234,56 € / 1234.56 EUR); the bare number for an unknown currency.</summary>
    private static object? Amount(MatchReason reason)
    {
        if (reason.AmountMinor is not { } minor)
        {
            return null;
        }

        var currency = reason.Currency ?? "EUR";
        return Currencies.IsKnown(currency) ? new Money(minor, currency) : minor.ToString(CultureInfo.InvariantCulture);
    }
}
