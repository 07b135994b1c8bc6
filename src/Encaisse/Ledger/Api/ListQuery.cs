namespace Encaisse.Ledger.Api;

/// <summary>Paging and sorting parameters shared by list endpoints: page from 1, pageSize 1..500, sort "field" or "-field".</summary>
public sealed record ListQuery(int Page, int PageSize, string SortField, bool Descending)
{
    public const int MaxPageSize = 500;

    public int Skip => (Page - 1) * PageSize;

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

    public static IResult BadQuery(string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [error] }, title: "Invalid list parameters");
}
