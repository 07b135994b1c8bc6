using System.Globalization;

namespace Encaisse.Legal.Rates;

/// <summary>
/// The rates of one half-year, in percent: the ECB main refinancing rate in force on its first day and the two
/// legal interest rates (french-law.md §0): <see cref="LegalRatePersonal"/> for creditors who are natural persons
/// acting outside their trade, <see cref="LegalRateOther"/> for every other case (companies).
/// </summary>
public sealed record ReferenceRate(HalfYear HalfYear, decimal EcbRate, decimal LegalRatePersonal, decimal LegalRateOther)
{
    /// <summary>L441-10 II default rate: ECB rate + 10 points.</summary>
    public decimal DefaultPenaltyRate => EcbRate + 10m;

    /// <summary>Floor of a contractual penalty rate: 3 × legal rate "autres cas".</summary>
    public decimal ContractualFloor => 3m * LegalRateOther;

    /// <summary>"embedded" (shipped file) or "override" (set by a user).</summary>
    public string Source { get; init; } = "embedded";
}

/// <summary>A computation needs the rates of a half-year that nobody has entered yet.</summary>
public sealed class MissingRateException(HalfYear halfYear) : Exception(
    $"No reference rates for half-year {halfYear}: add them with " +
    $"'encaisse rates set --half-year {halfYear} --ecb RATE --legal-pro RATE --legal-other RATE' " +
    $"(or PUT /api/v1/rates/{halfYear}), from the ECB rate in force on {halfYear.Start:yyyy-MM-dd} and the arrêté fixing the legal rate.")
{
    public HalfYear HalfYear { get; } = halfYear;
}

/// <summary>Effective-dated reference rates: answers "which rates apply to half-year H". Pure and immutable.</summary>
public sealed class RateTable
{
    private static readonly Lazy<RateTable> EmbeddedTable = new(LoadEmbedded);
    private readonly SortedDictionary<HalfYear, ReferenceRate> byHalfYear;

    public RateTable(IEnumerable<ReferenceRate> rates)
    {
        byHalfYear = new SortedDictionary<HalfYear, ReferenceRate>();
        foreach (var rate in rates)
        {
            byHalfYear[rate.HalfYear] = rate;
        }
    }

    /// <summary>The table shipped in Encaisse.Core (Legal/Rates/reference-rates.csv).</summary>
    public static RateTable Embedded => EmbeddedTable.Value;

    public IReadOnlyCollection<ReferenceRate> All => byHalfYear.Values;

    public ReferenceRate? Find(HalfYear halfYear) => byHalfYear.GetValueOrDefault(halfYear);

    /// <summary>The rates of <paramref name="halfYear"/>, or a <see cref="MissingRateException"/> saying how to add them.</summary>
    public ReferenceRate For(HalfYear halfYear) => Find(halfYear) ?? throw new MissingRateException(halfYear);

    public ReferenceRate For(DateOnly date) => For(HalfYear.Of(date));

    /// <summary>The latest half-year whose rates are known (null for an empty table).</summary>
    public ReferenceRate? Latest => byHalfYear.Count == 0 ? null : byHalfYear.Values.Last();

    /// <summary>
    /// The rates a computation uses for <paramref name="halfYear"/>: its own, or — for a half-year later than every
    /// published one (the ECB rate of 1 January or 1 July not entered yet) — the latest published ones, provisionally
    /// (<see cref="IsProvisional"/>; the document says so). A half-year before the table is still an error.
    /// </summary>
    public ReferenceRate ForComputation(HalfYear halfYear) =>
        Find(halfYear) ?? (Latest is { } latest && halfYear > latest.HalfYear ? latest : throw new MissingRateException(halfYear));

    public ReferenceRate ForComputation(DateOnly date) => ForComputation(HalfYear.Of(date));

    /// <summary>True when <paramref name="halfYear"/> has no rates of its own and the latest known ones stand in.</summary>
    public bool IsProvisional(HalfYear halfYear) => Find(halfYear) is null && Latest is { } latest && halfYear > latest.HalfYear;

    /// <summary>This table with <paramref name="overrides"/> replacing or adding half-years.</summary>
    public RateTable With(IEnumerable<ReferenceRate> overrides) => new(All.Concat(overrides));

    /// <summary>Parses the CSV format of the embedded file: half_year,ecb_mro,legal_personal,legal_other; # comments.</summary>
    public static RateTable Parse(TextReader reader)
    {
        var rates = new List<ReferenceRate>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("half_year", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length < 4 || !HalfYear.TryParse(cells[0], out var halfYear))
            {
                throw new FormatException($"Rate line {lineNumber}: expected half_year,ecb_mro,legal_personal,legal_other.");
            }

            rates.Add(new ReferenceRate(halfYear, Percent(cells[1], lineNumber), Percent(cells[2], lineNumber), Percent(cells[3], lineNumber)));
        }

        return new RateTable(rates);
    }

    private static decimal Percent(string cell, int line) =>
        decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is >= -5m and <= 100m
            ? value
            : throw new FormatException($"Rate line {line}: '{cell}' is not a rate in percent.");

    private static RateTable LoadEmbedded()
    {
        using var stream = typeof(RateTable).Assembly.GetManifestResourceStream("Encaisse.Legal.reference-rates.csv")
            ?? throw new InvalidOperationException("The embedded reference-rates.csv is missing from Encaisse.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
