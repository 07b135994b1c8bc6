using System.Globalization;
using System.Text;

namespace Encaisse.Legal.Rates;

/// <summary>An answer of a rate source that cannot be read (no header, a column missing, a value that is not a rate).</summary>
public sealed class RateSourceFormatException(string reason) : FormatException(reason);

/// <summary>
/// The ECB main refinancing operations rate as the ECB Data Portal publishes it (SDMX REST, series
/// <c>FM.D.U2.EUR.4F.KR.MRR_FR.LEV</c>, <c>format=csvdata</c>): a CSV whose header names the columns, among them
/// <c>TIME_PERIOD</c> (yyyy-MM-dd) and <c>OBS_VALUE</c> (percent, invariant). The series holds one observation per
/// change (and may hold more); the rate in force on a day is the latest observation on or before it. Pure.
/// </summary>
public static class EcbRateSeries
{
    /// <summary>The observations of the answer, by date. Throws <see cref="RateSourceFormatException"/> on an unreadable answer.</summary>
    public static SortedDictionary<DateOnly, decimal> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var rows = CsvRows(csv, ',');
        if (rows.Count == 0)
        {
            throw new RateSourceFormatException("the answer is empty");
        }

        var header = rows[0];
        var period = IndexOf(header, "TIME_PERIOD");
        var value = IndexOf(header, "OBS_VALUE");
        if (period < 0 || value < 0)
        {
            throw new RateSourceFormatException("the answer has no TIME_PERIOD and OBS_VALUE columns (is it format=csvdata?)");
        }

        var observations = new SortedDictionary<DateOnly, decimal>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Count <= Math.Max(period, value))
            {
                throw new RateSourceFormatException($"line {i + 1} has {row.Count} columns, the header {header.Count}");
            }

            if (!DateOnly.TryParseExact(row[period], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new RateSourceFormatException($"line {i + 1}: '{row[period]}' is not a day (yyyy-MM-dd)");
            }

            if (row[value].Length == 0)
            {
                continue; // SDMX: a missing observation (NaN) carries no value
            }

            if (!decimal.TryParse(row[value], NumberStyles.Number, CultureInfo.InvariantCulture, out var rate) || rate is < -5m or > 30m)
            {
                throw new RateSourceFormatException($"line {i + 1}: '{row[value]}' is not a rate in percent");
            }

            observations[date] = rate;
        }

        return observations;
    }

    /// <summary>The rate in force on <paramref name="day"/>: the latest observation on or before it; null when none is that old.</summary>
    public static (DateOnly Since, decimal Rate)? InForceOn(SortedDictionary<DateOnly, decimal> observations, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(observations);
        (DateOnly, decimal)? found = null;
        foreach (var (date, rate) in observations)
        {
            if (date > day)
            {
                break;
            }

            found = (date, rate);
        }

        return found;
    }

    internal static int IndexOf(List<string> header, string name) =>
        header.FindIndex(h => string.Equals(h.Trim().TrimStart('\uFEFF'), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>RFC 4180 rows (quotes, doubled quotes, CR/LF inside quotes).</summary>
    internal static List<List<string>> CsvRows(string text, char separator)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString().Trim());
                cell.Clear();
                if (row.Count > 1 || row[0].Length > 0)
                {
                    rows.Add(row);
                }

                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw new RateSourceFormatException("a quoted cell is not closed (the answer is cut)");
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString().Trim());
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>
/// The French legal interest rates (taux de l'intérêt légal, two categories per half-year, french-law.md §0.2) as a
/// CSV export: the Ministry's open-data dataset <c>taux-de-linteret-legal-depuis-2011</c> (data.economie.gouv.fr,
/// Opendatasoft CSV export, <c>;</c>-separated) or any mirror with the same shape. Columns are found by their header:
/// the period (a header with "semestre", "période", "date" or "année": values <c>2026-S1</c>, <c>2026S2</c>,
/// <c>2026H2</c>, <c>1er semestre 2026</c>, <c>2nd semestre 2026</c> or the half-year's first day <c>2026-07-01</c> /
/// <c>01/07/2026</c>), the rate for creditors who are natural persons (a header with "particulier" or "personnes
/// physiques") and the rate for all other cases (a header with "autre"). Rates are percents, decimal comma or point, an
/// optional "%". Pure.
/// </summary>
public static class LegalRateSeries
{
    public static Dictionary<HalfYear, (decimal Personal, decimal Other)> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var firstLine = csv.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = EcbRateSeries.CsvRows(csv, separator);
        if (rows.Count == 0)
        {
            throw new RateSourceFormatException("the answer is empty");
        }

        var header = rows[0].Select(Normalize).ToList();
        var period = header.FindIndex(h => h.Contains("semestre", StringComparison.Ordinal) || h.Contains("periode", StringComparison.Ordinal)
            || h.Contains("date", StringComparison.Ordinal) || h.Contains("annee", StringComparison.Ordinal));
        var personal = header.FindIndex(h => h.Contains("particulier", StringComparison.Ordinal) || h.Contains("personnes physiques", StringComparison.Ordinal));
        var other = header.FindIndex(h => h.Contains("autre", StringComparison.Ordinal));
        if (period < 0 || personal < 0 || other < 0 || period == personal || period == other)
        {
            throw new RateSourceFormatException("the header does not name a period, a rate for natural persons (particuliers) and a rate for other cases (autres cas)");
        }

        var rates = new Dictionary<HalfYear, (decimal, decimal)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count <= Math.Max(period, Math.Max(personal, other)))
            {
                throw new RateSourceFormatException($"line {i + 1} has {row.Count} columns, the header {header.Count}");
            }

            if (!TryHalfYear(row[period], out var half))
            {
                throw new RateSourceFormatException($"line {i + 1}: '{row[period]}' is not a half-year");
            }

            rates[half] = (Percent(row[personal], i + 1), Percent(row[other], i + 1));
        }

        return rates;
    }

    internal static bool TryHalfYear(string text, out HalfYear half)
    {
        var t = Normalize(text);
        if (HalfYear.TryParse(t, out half))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Day == 1 && day.Month is 1 or 7)
        {
            half = HalfYear.Of(day);
            return true;
        }

        // "1er semestre 2026", "2nd semestre 2026", "2e semestre 2026", "second semestre 2026"
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var year = words.Select(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y > 1999 ? y : 0).FirstOrDefault(y => y > 0);
        if (year > 0 && words.Contains("semestre"))
        {
            var first = words.Any(w => w is "1er" or "1" or "premier" or "1e");
            var second = words.Any(w => w is "2nd" or "2e" or "2eme" or "2" or "second" or "deuxieme");
            if (first != second)
            {
                half = new HalfYear(year, first ? 1 : 2);
                return true;
            }
        }

        half = default;
        return false;
    }

    private static decimal Percent(string cell, int line)
    {
        var t = cell.Replace("%", "", StringComparison.Ordinal).Replace(',', '.').Trim();
        return decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate) && rate is >= 0m and <= 30m
            ? rate
            : throw new RateSourceFormatException($"line {line}: '{cell}' is not a rate in percent");
    }

    private static string Normalize(string text)
    {
        var decomposed = text.Trim().TrimStart('\uFEFF').ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(c is '\'' or '’' or '_' ? ' ' : c);
            }
        }

        return result.ToString();
    }
}

/// <summary>What an update should do for one half-year, decided from the stored table and the sources' answers.</summary>
public enum RateUpdateOutcome
{
    /// <summary>All three rates are known from the sources: store them.</summary>
    Add = 1,
    /// <summary>A person set this half-year (<c>rates set</c>) and the sources say otherwise: keep the person's, say so.</summary>
    KeptOverride = 2,
    /// <summary>The sources do not give every rate of the half-year yet (legal rates not published, no ECB observation).</summary>
    Pending = 3,
    /// <summary>Stored already and the sources agree.</summary>
    Unchanged = 4,
}

public sealed record RateUpdateDecision(HalfYear HalfYear, RateUpdateOutcome Outcome, ReferenceRate? FromSources, ReferenceRate? Stored, string? Reason)
{
    /// <summary>The ECB observation the rate comes from (its date), for the stored origin.</summary>
    public DateOnly? EcbSince { get; init; }
}

/// <summary>Which half-years an update fetches and what it does with each. Pure.</summary>
public static class RateUpdatePlan
{
    /// <summary>
    /// The half-years to look at: from the one after the latest known (or <paramref name="from"/> when earlier is
    /// asked) to the half-year of <paramref name="today"/> — a half-year's ECB rate is the one in force on its first day,
    /// so none later can be known.
    /// </summary>
    public static IReadOnlyList<HalfYear> Wanted(RateTable table, DateOnly today, HalfYear? from = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var current = HalfYear.Of(today);
        var start = from ?? table.Latest?.HalfYear.Next ?? new HalfYear(2015, 1);
        var list = new List<HalfYear>();
        for (var h = start; h <= current; h = h.Next)
        {
            list.Add(h);
        }

        return list;
    }

    public static IReadOnlyList<RateUpdateDecision> Decide(RateTable table, IReadOnlyList<HalfYear> wanted,
        SortedDictionary<DateOnly, decimal> ecb, IReadOnlyDictionary<HalfYear, (decimal Personal, decimal Other)> legal)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(wanted);
        var decisions = new List<RateUpdateDecision>();
        foreach (var half in wanted)
        {
            var stored = table.Find(half);
            var inForce = EcbRateSeries.InForceOn(ecb, half.Start);
            var hasLegal = legal.TryGetValue(half, out var l);
            if (inForce is null || !hasLegal)
            {
                var reason = inForce is null
                    ? $"the ECB series has no observation on or before {half.Start:yyyy-MM-dd}"
                    : $"the legal interest rates of {half} are not in the source yet (arrêté published late June / December); the ECB rate in force on {half.Start:yyyy-MM-dd} is {inForce.Value.Rate.ToString("0.00", CultureInfo.InvariantCulture)} %";
                decisions.Add(new RateUpdateDecision(half, stored is null ? RateUpdateOutcome.Pending : RateUpdateOutcome.Unchanged, null, stored, reason));
                continue;
            }

            var fromSources = new ReferenceRate(half, inForce.Value.Rate, l.Personal, l.Other) { Source = "fetched" };
            var same = stored is not null && stored.EcbRate == fromSources.EcbRate && stored.LegalRatePersonal == fromSources.LegalRatePersonal
                && stored.LegalRateOther == fromSources.LegalRateOther;
            var outcome = stored is null ? RateUpdateOutcome.Add
                : same ? RateUpdateOutcome.Unchanged
                : stored.Source == "override" ? RateUpdateOutcome.KeptOverride
                : RateUpdateOutcome.Unchanged;
            var why = outcome == RateUpdateOutcome.KeptOverride
                ? $"set by a person ({Describe(stored!)}); the sources say {Describe(fromSources)}: kept, change it with 'encaisse rates set' if the sources are right"
                : stored is not null && !same ? $"stored as {stored.Source} ({Describe(stored)}); the sources say {Describe(fromSources)}: not overwritten" : null;
            decisions.Add(new RateUpdateDecision(half, outcome, fromSources, stored, why) { EcbSince = inForce.Value.Since });
        }

        return decisions;
    }

    private static string Describe(ReferenceRate r) => string.Create(CultureInfo.InvariantCulture,
        $"ECB {r.EcbRate:0.00} %, legal {r.LegalRatePersonal:0.00} % / {r.LegalRateOther:0.00} %");
}
