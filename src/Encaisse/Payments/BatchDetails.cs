using System.Text.Json;
using Encaisse.Ledger;

namespace Encaisse.Payments;

/// <summary>One part of a batched bank entry, read back from <see cref="BankTransaction.Details"/>.</summary>
public sealed record BatchDetail(long? AmountMinor, string? EndToEndId, string? ReturnReason, string? RemittanceInformation);

/// <summary>
/// The details of a batched entry (a CAMT <c>Ntry</c> with several <c>TxDtls</c>: one bank movement, several collections or
/// returns), as the import stored them (<see cref="StatementShapes.Detail"/>).
/// </summary>
public static class BatchDetails
{
    public static IReadOnlyList<BatchDetail> Of(BankTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (string.IsNullOrEmpty(tx.Details))
        {
            return [];
        }

        try
        {
            using var json = JsonDocument.Parse(tx.Details);
            return json.RootElement.EnumerateArray().Select(d => new BatchDetail(
                d.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? Currencies.ToMinor(Math.Abs(a.GetDecimal()), tx.Currency) * Math.Sign(tx.AmountMinor) : null,
                Text(d, "endToEndId"), Text(d, "returnReason"), Text(d, "remittanceInformation"))).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
