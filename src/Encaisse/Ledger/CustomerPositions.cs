using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Encaisse.Ledger;

/// <summary>
/// Loads a <see cref="CustomerPosition"/> — the one answer to "what does this customer owe and hold on this date"
/// for pages, API, CLI, dunning letters, legal documents and collections. <see cref="LoadAsync"/> reads the whole
/// customer (documents, allocations and payments; a legal file needs every settled invoice too);
/// <see cref="LoadOpenAsync"/> reads only the documents still open today (and the payments with unapplied cash),
/// which is all a page or a balance needs. Both compute the figures with the same pure rule. The reads are plain SQL
/// (<see cref="PositionReader"/>, ADR 1170), on the context's connection here and on a raw connection in the CLI, which
/// thereby never starts EF for a customer's position.
/// </summary>
public static class CustomerPositions
{
    public static Task<CustomerPosition> LoadAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct) =>
        ReadAsync(db, reader => reader.PositionAsync(customerId, asOf, ct), ct);

    /// <summary>
    /// The position read from the documents that are not fully settled (by their settled totals, ADR 0610) and the
    /// payments not fully allocated: open items, credits and balances are those of <see cref="LoadAsync"/>; settled
    /// documents are not in <see cref="CustomerPosition.Documents"/>.
    /// </summary>
    public static Task<CustomerPosition> LoadOpenAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct) =>
        ReadAsync(db, reader => reader.OpenPositionAsync(customerId, asOf, ct), ct);

    /// <summary>The position of the customer with this reference, or null when there is none.</summary>
    public static Task<(Customer Customer, CustomerPosition Position)?> ForRefAsync(EncaisseDb db, string customerRef, DateOnly asOf, bool open, CancellationToken ct) =>
        ReadAsync(db, reader => ForRefAsync(reader, customerRef, asOf, open, ct), ct);

    /// <summary>
    /// The same read on a reader of the caller's connection: the CLI's, which opens no EF context for it
    /// (<see cref="PositionReader"/>).
    /// </summary>
    public static async Task<(Customer Customer, CustomerPosition Position)?> ForRefAsync(PositionReader reader, string customerRef, DateOnly asOf, bool open,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var customer = await reader.CustomerAsync(customerRef, ct);
        if (customer is null)
        {
            return null;
        }

        return (customer, open ? await reader.OpenPositionAsync(customer.Id, asOf, ct) : await reader.PositionAsync(customer.Id, asOf, ct));
    }

    /// <summary>Reads on the context's connection (inside its transaction, if any), opened for the read when it was not.</summary>
    private static async Task<T> ReadAsync<T>(EncaisseDb db, Func<PositionReader, Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await read(new PositionReader(db.Database.GetDbConnection(), db.Provider, db.TenantId, db.Database.CurrentTransaction?.GetDbTransaction()));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
