using Encaisse.Legal.Rates;

namespace Encaisse.Legal.Storage;

/// <summary>
/// One half-year of reference rates, shared by all tenants (public data, not tenant-owned). Rows come from the
/// file embedded in Encaisse.Core (Source = embedded, refreshed at every start), from the rate sources
/// (Source = fetched, by <c>encaisse rates update</c> or the daily rates job; never refreshed by the seeding) or from a
/// user (Source = override, never touched by the seeding nor by an update).
/// </summary>
public sealed class ReferenceRateRow
{
    public const string Embedded = "embedded";
    public const string Override = "override";
    public const string Fetched = "fetched";

    /// <summary>"2026H2".</summary>
    public required string HalfYear { get; set; }
    public decimal EcbRate { get; set; }
    public decimal LegalRatePersonal { get; set; }
    public decimal LegalRateOther { get; set; }
    public string Source { get; set; } = Embedded;
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Where a fetched or set row comes from (sources, ECB observation date, who set it); null for embedded rows.</summary>
    public string? Origin { get; set; }

    public ReferenceRate ToRate() =>
        new(Rates.HalfYear.Parse(HalfYear), Normalize(EcbRate), Normalize(LegalRatePersonal), Normalize(LegalRateOther)) { Source = Source };

    /// <summary>Same scale whatever the provider returns (numeric(6,3) on PostgreSQL, text on SQLite): 5.070 → 5.07, 4.5 → 4.50.</summary>
    private static decimal Normalize(decimal value) => Math.Round(value, 2) == value ? Math.Round(value, 2) + 0.00m : value;
}
