using System.Globalization;

namespace Encaisse.Reporting;

/// <summary>
/// Lateness buckets of an aged balance, by days past due: "not due" (0 or less), then one bucket per upper
/// bound, then "over" the last bound. Default 30,60,90 gives not due / 1–30 / 31–60 / 61–90 / over 90.
/// </summary>
public sealed class AgingBuckets
{
    public AgingBuckets(IReadOnlyList<int> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        for (var i = 0; i < upperBounds.Count; i++)
        {
            if (upperBounds[i] < 1 || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
            {
                throw new ArgumentException("Bucket bounds must be positive and strictly increasing, e.g. 30,60,90.", nameof(upperBounds));
            }
        }

        UpperBounds = upperBounds;
        var labels = new List<string> { "notDue" };
        var lower = 1;
        foreach (var bound in upperBounds)
        {
            labels.Add(string.Create(CultureInfo.InvariantCulture, $"{lower}-{bound}"));
            lower = bound + 1;
        }

        labels.Add(string.Create(CultureInfo.InvariantCulture, $"over{(upperBounds.Count == 0 ? 0 : upperBounds[^1])}"));
        Labels = labels;
    }

    public static AgingBuckets Default { get; } = new([30, 60, 90]);

    public IReadOnlyList<int> UpperBounds { get; }

    /// <summary>Column names: notDue, 1-30, 31-60, 61-90, over90.</summary>
    public IReadOnlyList<string> Labels { get; }

    public int Count => Labels.Count;

    /// <summary>Parses "30,60,90"; null or blank gives the default.</summary>
    public static AgingBuckets Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var bounds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                throw new ArgumentException($"'{part}' is not a number of days.", nameof(text));
            }

            bounds.Add(days);
        }

        return new AgingBuckets(bounds);
    }

    /// <summary>Index of the bucket for an item <paramref name="daysPastDue"/> days past its due date.</summary>
    public int IndexOf(int daysPastDue)
    {
        if (daysPastDue <= 0)
        {
            return 0;
        }

        for (var i = 0; i < UpperBounds.Count; i++)
        {
            if (daysPastDue <= UpperBounds[i])
            {
                return i + 1;
            }
        }

        return Count - 1;
    }
}
