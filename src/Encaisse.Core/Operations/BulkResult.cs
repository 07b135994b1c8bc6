namespace Encaisse.Operations;

/// <summary>One item of a bulk operation: what was asked (an id or a reference, as the caller named it) and its own result.</summary>
public sealed record BulkItem<T>(string Item, Result<T> Result);

/// <summary>
/// The result of an operation applied to several items, one at a time: each item has its own <see cref="Result{T}"/>
/// (done with its value, or a coded error), so a partial success is reported item by item. An item either is written
/// whole or not at all; a failed item does not stop the next ones.
/// </summary>
public sealed class BulkResult<T>
{
    public BulkResult(IReadOnlyList<BulkItem<T>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
    }

    public IReadOnlyList<BulkItem<T>> Items { get; }

    public IReadOnlyList<BulkItem<T>> Done => Items.Where(i => i.Result.IsOk).ToList();

    public IReadOnlyList<BulkItem<T>> Failed => Items.Where(i => !i.Result.IsOk).ToList();
}
