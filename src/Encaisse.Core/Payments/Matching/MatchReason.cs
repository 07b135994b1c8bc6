using System.Globalization;
using System.Text.Json.Serialization;

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

/// <summary>Renders <see cref="MatchReason"/> codes as sentences, in English (CLI) or French (back office).</summary>
public static class MatchReasonText
{
    public static string English(MatchReason reason) => Render(reason, "en");

    public static string French(MatchReason reason) => Render(reason, "fr");

    /// <summary>The reasons in English, in order (for stored proposals and timelines that keep text).</summary>
    public static IReadOnlyList<string> English(IEnumerable<MatchReason> reasons) => [.. (reasons ?? []).Select(English)];

    public static string Render(MatchReason reason, string language)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var fr = string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase);
        var i = reason.Invoice;
        var c = reason.Customer;
        var t = reason.Text;
        var a = Amount(reason, fr);
        var n = reason.Count?.ToString(CultureInfo.InvariantCulture);
        var d = reason.Days is { } days ? Math.Abs(days).ToString(CultureInfo.InvariantCulture) : null;
        return reason.Code switch
        {
            MatchReasonCodes.ReferenceRf => fr ? $"référence structurée {t} (ISO 11649, clé valide) : facture {i}" : $"structured creditor reference {t} (ISO 11649, check digits valid) designates invoice {i}",
            MatchReasonCodes.ReferenceExact => fr ? $"numéro de facture {i} lu dans le libellé ('{t}')" : $"invoice number {i} found in the remittance text ('{t}')",
            MatchReasonCodes.ReferenceSequence => fr ? $"numéro {t} : facture {i} du client" : $"number {t} read as the customer's invoice {i}",
            MatchReasonCodes.ReferenceTypo => fr ? $"'{t}' diffère d'un caractère de la facture {i}" : $"'{t}' is one character away from invoice {i}",
            MatchReasonCodes.ReferenceTruncated => fr ? $"'{t}' est le début du numéro de la facture {i}" : $"'{t}' is the start of invoice number {i}",
            MatchReasonCodes.ReferenceTextAmount => fr ? $"montant {a} écrit pour la facture {i}" : $"amount {a} written for invoice {i}",
            MatchReasonCodes.ReferenceUnresolved => fr ? $"'{t}' ressemble à un numéro de facture mais ne désigne aucune facture ouverte (déjà payée ?)" : $"'{t}' looks like an invoice number but designates no open invoice (already paid?)",
            MatchReasonCodes.ReferenceOtherCustomer => fr ? $"le libellé cite la facture {i} d'un autre client ({c})" : $"the text names invoice {i} of another customer ({c})",
            MatchReasonCodes.CustomerRf => fr ? $"référence structurée {t} du compte client {c}" : $"structured creditor reference {t} of customer account {c}",
            MatchReasonCodes.CustomerCode => fr ? $"code client {t} lu dans le libellé : {c}" : $"customer code {t} found in the text: {c}",
            MatchReasonCodes.PayerIban => fr ? $"IBAN du payeur connu pour le client {c}" : $"payer IBAN known for customer {c}",
            MatchReasonCodes.PayerName => fr ? $"nom du payeur connu pour le client {c}" : $"payer name known for customer {c}",
            MatchReasonCodes.PayerOtherCustomer => fr ? $"le payeur est connu pour un autre client ({c}) : tiers payeur ou référence erronée" : $"payer is known for another customer ({c}): third party or wrong reference",
            MatchReasonCodes.AmountExact => fr ? $"montant égal au reste dû de {n} facture(s)" : $"amount equals the open amount of {n} invoice(s)",
            MatchReasonCodes.AmountFeeShort => fr ? $"manque {a} : frais bancaires dans la tolérance" : $"{a} short of the open amount: bank fees within the tolerance",
            MatchReasonCodes.AmountCompleted => fr ? $"facture {i} du même client ajoutée : seule combinaison qui explique le montant" : $"invoice {i} of the same customer added: the only combination that explains the amount",
            MatchReasonCodes.AmountTextAmounts => fr ? "les montants écrits par facture font le total du virement" : "the amounts written per invoice add up to the credit",
            MatchReasonCodes.AmountPartial => fr ? $"paiement partiel, {a} restent dus" : $"partial payment, {a} stays open",
            MatchReasonCodes.AmountOverpaid => fr ? $"trop-perçu de {a} gardé en crédit client" : $"overpayment of {a} kept as customer credit",
            MatchReasonCodes.AmountOpenItems => fr ? $"sans référence : la seule combinaison des factures ouvertes du client ({n} facture(s)) qui fait le montant" : $"no reference: the only combination of the customer's open invoices ({n} invoice(s)) with this amount",
            MatchReasonCodes.AmountOnlyInPortfolio => fr ? $"payeur inconnu ; {i} est la seule facture ouverte de ce montant" : $"payer unknown; {i} is the only open invoice of this amount",
            MatchReasonCodes.DateNearDue => reason.Days >= 0 ? (fr ? $"payé {d} jour(s) après l'échéance" : $"paid {d} day(s) after the due date") : (fr ? $"payé {d} jour(s) avant l'échéance" : $"paid {d} day(s) before the due date"),
            MatchReasonCodes.ReviewAmbiguous => fr ? $"{n} explications possibles : à trancher" : $"{n} possible explanations: a person decides",
            MatchReasonCodes.ReviewOtherCustomer => fr ? "le payeur est connu pour un autre client que celui des factures" : "the payer is known for another customer than the invoices'",
            MatchReasonCodes.ReviewUnexplainedRemainder => fr ? $"reste {a} inexpliqué au-delà de la tolérance" : $"{a} left unexplained, above the fee tolerance",
            MatchReasonCodes.ReviewPartialUnconfirmed => fr ? "paiement partiel d'un payeur non confirmé" : "partial payment from a payer not confirmed as the customer",
            MatchReasonCodes.ReviewSplitUnknown => fr ? "paiement partiel de plusieurs factures : répartition inconnue" : "partial payment of several invoices: the split is unknown",
            MatchReasonCodes.ReviewUnresolvedReference => fr ? "le libellé cite une facture qui n'est pas ouverte" : "the text names an invoice that is not open",
            MatchReasonCodes.ReviewForeignReference => fr ? "le libellé cite la facture d'un autre client que le payeur" : "the text names an invoice of another customer than the payer",
            MatchReasonCodes.ReviewPayerUnconfirmed => fr ? "référence approchée sans payeur confirmé" : "approximate reference without a confirmed payer",
            MatchReasonCodes.ReviewNoInvoice => fr ? "aucune facture ni combinaison ne correspond : à affecter ou garder en crédit" : "no open invoice or combination matches the amount: allocate by hand or keep as customer credit",
            MatchReasonCodes.ReviewAlreadySettled => fr ? $"le libellé cite la facture {i}, déjà soldée : second paiement ? à rembourser ou garder en crédit client" : $"the text names invoice {i}, already settled: a second payment? refund it or keep it as customer credit",
            MatchReasonCodes.ReviewFactored => fr ? $"le libellé cite la facture {i}, cédée à {t} (affacturage notifié) : ce règlement est à reverser au factor" : $"the text names invoice {i}, sold to {t} (notified factoring): this payment must be transferred to the factor",
            MatchReasonCodes.ReviewBelowThreshold => fr ? "confiance sous le seuil d'affectation automatique" : "confidence below the auto-apply threshold",
            _ => reason.Code,
        };
    }

    private static string? Amount(MatchReason reason, bool french)
    {
        if (reason.AmountMinor is not { } minor)
        {
            return null;
        }

        var currency = reason.Currency ?? "EUR";
        if (!Ledger.Currencies.IsKnown(currency))
        {
            return minor.ToString(CultureInfo.InvariantCulture);
        }

        return french ? Ledger.Currencies.FormatFrench(minor, currency) : Ledger.Currencies.FormatInvariant(minor, currency) + " " + currency;
    }
}
