namespace Encaisse.Ledger;

/// <summary>
/// What makes an allocation (lettrage) acceptable: same currency, a positive amount, never more than what is
/// still open on the invoice nor more than what is still available on the payment or credit note.
/// </summary>
public static class AllocationRules
{
    /// <summary>Null when acceptable, otherwise the reason in words a credit manager understands.</summary>
    public static string? Check(
        long amountMinor,
        string invoiceCurrency,
        long invoiceOpenMinor,
        string sourceCurrency,
        long sourceAvailableMinor)
    {
        if (amountMinor <= 0)
        {
            return "The allocated amount must be positive.";
        }

        if (invoiceCurrency != sourceCurrency)
        {
            return $"The invoice is in {invoiceCurrency} and the payment or credit note in {sourceCurrency}.";
        }

        if (amountMinor > invoiceOpenMinor)
        {
            return $"Only {Currencies.FormatInvariant(invoiceOpenMinor, invoiceCurrency)} {invoiceCurrency} is still open on the invoice.";
        }

        if (amountMinor > sourceAvailableMinor)
        {
            return $"Only {Currencies.FormatInvariant(sourceAvailableMinor, sourceCurrency)} {sourceCurrency} is still available on the payment or credit note.";
        }

        return null;
    }
}
