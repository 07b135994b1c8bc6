namespace Encaisse.Payments.Matching;

/// <summary>
/// A key → invoices index that stores a single invoice without a list (most keys have one), so indexing a million
/// invoices does not allocate a million lists.
/// </summary>
internal sealed class InvoiceIndex<TKey>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, object> entries = new(capacity, comparer);

    public void Add(TKey key, OpenInvoice invoice)
    {
        if (!entries.TryGetValue(key, out var existing))
        {
            entries[key] = invoice;
        }
        else if (existing is List<OpenInvoice> list)
        {
            list.Add(invoice);
        }
        else
        {
            entries[key] = new List<OpenInvoice>(2) { (OpenInvoice)existing, invoice };
        }
    }

    public IReadOnlyList<OpenInvoice> Get(TKey key) => entries.TryGetValue(key, out var value)
        ? value as List<OpenInvoice> ?? [(OpenInvoice)value]
        : [];

    /// <summary>Looks a string key up from characters (no string allocated); only for indexes keyed by ordinal strings.</summary>
    public IReadOnlyList<OpenInvoice> Get(ReadOnlySpan<char> key)
    {
        spanLookup ??= ((Dictionary<string, object>)(object)entries).GetAlternateLookup<ReadOnlySpan<char>>();
        return spanLookup.Value.TryGetValue(key, out var value)
            ? value as List<OpenInvoice> ?? [(OpenInvoice)value]
            : [];
    }

    private Dictionary<string, object>.AlternateLookup<ReadOnlySpan<char>>? spanLookup;
}
