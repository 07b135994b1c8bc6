using System.Globalization;
using System.Text;
using Encaisse.Ledger;

namespace Encaisse.Portal;

/// <summary>
/// The payload of an EPC QR code ("girocode", EPC069-12 version 002): a SEPA credit transfer that a banking app
/// fills in when it scans the code. Lines are separated by LF, trailing empty lines are left out, UTF-8.
/// </summary>
public static class EpcQrPayload
{
    public const int MaxBytes = 331;

    /// <summary>
    /// Builds the payload. <paramref name="reference"/> is an ISO 11649 RF reference (structured) when it is one, else
    /// it goes in the unstructured remittance line. Amount in euros only (the standard's only currency).
    /// </summary>
    public static string Build(string beneficiaryName, string iban, string? bic, long amountMinor, string currency, string? reference)
    {
        if (currency != "EUR")
        {
            throw new ArgumentException("An EPC QR code is for euro transfers only.", nameof(currency));
        }

        if (amountMinor is < 1 or > 99_999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(amountMinor), "EPC amounts range from 0.01 to 999999999.99 EUR.");
        }

        var name = Clean(beneficiaryName);
        if (name.Length is 0)
        {
            throw new ArgumentException("The beneficiary name is required.", nameof(beneficiaryName));
        }

        var compactIban = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var structured = reference is not null && CreditorReference.IsValid(reference);
        var lines = new List<string>
        {
            "BCD", "002", "1", "SCT",
            bic?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() ?? "",
            Truncate(name, 70),
            compactIban,
            "EUR" + Currencies.FromMinor(amountMinor, "EUR").ToString("0.00", CultureInfo.InvariantCulture),
            "", // purpose code
            structured ? reference!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() : "",
            structured || reference is null ? "" : Truncate(Clean(reference), 140),
        };
        while (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var payload = string.Join('\n', lines);
        return Encoding.UTF8.GetByteCount(payload) <= MaxBytes
            ? payload
            : throw new ArgumentException("The EPC payload exceeds 331 bytes.", nameof(reference));
    }

    private static string Clean(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Trim();

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
