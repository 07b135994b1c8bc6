namespace Encaisse.Ledger.Api;

/// <summary>Paging and sorting parameters shared by list endpoints: page from 1, pageSize 1..500, sort "field" or "-field".</summary>
public sealed record ListQuery(int Page, int PageSize, string SortField, bool Descending)
{
    public const int MaxPageSize = 500;

    /// <summary>Lists count exactly up to this many rows (20 pages of 50); beyond it <c>total</c> is a lower bound (a derived balance
    /// per row makes an exact count over a million invoices cost seconds, while a page costs a millisecond).</summary>
    public const int CountCap = 1_000;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>The number of rows, exact up to <see cref="CountCap"/>; the flag says the real total is larger.</summary>
    public static async Task<(int Total, bool IsLowerBound)> CountAsync<T>(IQueryable<T> query, CancellationToken ct)
    {
        var counted = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(query.Take(CountCap + 1), ct);
        return counted > CountCap ? (CountCap, true) : (counted, false);
    }

    public static ListQuery From(int? page, int? pageSize, string? sort, string defaultSort, IReadOnlyCollection<string> allowed, out string? error)
    {
        error = null;
        var descending = sort?.StartsWith('-') == true;
        var field = (sort?.TrimStart('-', '+') ?? defaultSort).Trim();
        if (!allowed.Contains(field, StringComparer.OrdinalIgnoreCase))
        {
            error = $"sort must be one of {string.Join(", ", allowed)} (prefix with - for descending).";
            field = defaultSort;
        }

        if (page is < 1 || pageSize is < 1 or > MaxPageSize)
        {
            error = $"page starts at 1 and pageSize is between 1 and {MaxPageSize}.";
        }

        return new ListQuery(Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, MaxPageSize), field.ToLowerInvariant(), descending);
    }

    /// <summary>Parses an enum query value case-insensitively (camelCase as in the JSON); null when absent.</summary>
    public static bool TryEnum<T>(string? value, string name, out T? parsed, out string? error)
        where T : struct, Enum
    {
        parsed = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var result) && !int.TryParse(value, out _))
        {
            parsed = result;
            return true;
        }

        error = $"{name} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.";
        return false;
    }

    public static IResult BadQuery(string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [error] }, title: "Invalid list parameters");
}
