using Encaisse.Ledger;

namespace Encaisse.Payments.Sepa;

/// <summary>SEPA sequence type of a collection under a mandate.</summary>
public enum SequenceType
{
    /// <summary>First collection of a recurrent mandate (FRST).</summary>
    First = 0,
    /// <summary>Following collections (RCUR).</summary>
    Recurrent = 1,
}

/// <summary>A SEPA Core direct-debit mandate signed by a customer (RUM, "référence unique du mandat").</summary>
public sealed class Mandate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>Unique mandate reference (RUM): up to 35 characters, unique per tenant.</summary>
    public required string Reference { get; set; }
    public DateOnly SignedOn { get; set; }
    public required string DebtorIban { get; set; }
    public string? DebtorBic { get; set; }
    public required string DebtorName { get; set; }
    /// <summary>Set once the first collection was sent: later ones are RCUR.</summary>
    public DateOnly? FirstCollectedOn { get; set; }
    public DateOnly? RevokedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public SequenceType NextSequence => FirstCollectedOn is null ? SequenceType.First : SequenceType.Recurrent;

    /// <summary>SEPA rule for a mandate reference: 1 to 35 characters among A-Z a-z 0-9 and + ? / - : ( ) . , ' and space.</summary>
    public static bool IsValidReference(string? reference) =>
        reference is { Length: >= 1 and <= 35 } && reference.All(c => char.IsAsciiLetterOrDigit(c) || "+?/-:().,' ".Contains(c, StringComparison.Ordinal));
}

/// <summary>
/// SEPA creditor identifier (ICS in France, e.g. FR72ZZZ123456): country code, 2 check digits, 3-character business
/// code (not part of the check), national identifier. The check digits are ISO 7064 MOD 97-10 over the national
/// identifier followed by the country code and "00".
/// </summary>
public static class CreditorIdentifier
{
    public static bool IsValid(string? value)
    {
        var ics = Iban.Normalize(value);
        if (ics is null || ics.Length is < 8 or > 35 || !char.IsAsciiLetterUpper(ics[0]) || !char.IsAsciiLetterUpper(ics[1])
            || !char.IsAsciiDigit(ics[2]) || !char.IsAsciiDigit(ics[3]))
        {
            return false;
        }

        var national = ics[7..];
        return Iban.Mod97(national + ics[..4]) == 1;
    }

    /// <summary>Builds an identifier from country, business code and national id (computes the check digits).</summary>
    public static string Create(string country, string businessCode, string nationalId)
    {
        var check = 98 - Iban.Mod97(nationalId + country + "00");
        return country + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + businessCode + nationalId;
    }
}
