using Encaisse.Dunning.Running;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Actions;

/// <summary>A customer given to a collector: who had it before (null: nobody) and who has it now.</summary>
public sealed record CollectorAssigned(string CustomerRef, string? Previous, string Collector, bool Changed);

/// <summary>A statement e-mailed to a customer: the stored document.</summary>
public sealed record StatementSent(string CustomerRef, Guid DocumentId);

/// <summary>
/// Bulk actions on selected customers (the customers list, <c>POST /api/v1/customers/bulk/…</c>,
/// <c>encaisse customers …</c>). Each customer is handled on its own: written whole (one save) or not at all, with its
/// own coded result, and a refusal does not stop the others. Customers are named by their reference. These live with
/// the users (a collector is a user with the collector role), hence in the web's namespace like
/// <see cref="CustomerDocuments"/>, whose statement sending they reuse.
/// </summary>
public static class CustomerBulkActions
{
    /// <summary>At most this many customers in one request (a page of the list is 50).</summary>
    public const int MaxItems = 500;

    /// <summary>Active users with the collector role, by login (the choices of "assign a collector").</summary>
    public static async Task<IReadOnlyList<(string Login, string Name)>> CollectorsAsync(EncaisseDb db, CancellationToken ct) =>
        (await db.Set<User>().AsNoTracking().Where(u => u.Role == UserRole.Collector && u.DisabledAt == null)
            .OrderBy(u => u.Login).Select(u => new { u.Login, u.DisplayName }).ToListAsync(ct))
        .Select(u => (u.Login, u.DisplayName)).ToList();

    /// <summary>
    /// Gives each customer to <paramref name="collector"/>, who must be an active user with the collector role (else
    /// the whole request is refused: <c>bulk.collectorUnknown</c>). Per customer: <c>customer.notFound</c>, or done
    /// (unchanged when it was already theirs); a change is on the customer's timeline and in the audit trail.
    /// </summary>
    public static async Task<Result<BulkResult<CollectorAssigned>>> AssignCollectorAsync(EncaisseDb db, Acting at, string? collector,
        IReadOnlyCollection<string> customerRefs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(customerRefs);
        if (Check(customerRefs) is { } invalid)
        {
            return invalid;
        }

        var login = collector?.Trim() ?? "";
        var known = login.Length > 0 && await db.Set<User>().AnyAsync(u => u.Login == login && u.Role == UserRole.Collector && u.DisabledAt == null, ct);
        if (!known)
        {
            return OperationError.InvalidField("collector", collector, "bulk.collectorUnknown", ("collector", login));
        }

        var items = new List<BulkItem<CollectorAssigned>>();
        foreach (var reference in Distinct(customerRefs))
        {
            items.Add(new BulkItem<CollectorAssigned>(reference, await AssignOneAsync(db, at, login, reference, ct)));
            db.ChangeTracker.Clear();
        }

        return Result.Ok(new BulkResult<CollectorAssigned>(items));
    }

    private static async Task<Result<CollectorAssigned>> AssignOneAsync(EncaisseDb db, Acting at, string login, string reference, CancellationToken ct)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.ExternalRef == reference, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", reference));
        }

        var previous = customer.Collector;
        if (previous == login)
        {
            return Result.Ok(new CollectorAssigned(reference, previous, login, Changed: false));
        }

        customer.Collector = login;
        customer.UpdatedAt = at.Now;
        CollectionActions.Timeline(db, at, customer.Id, null, "customer.collectorAssigned",
            TimelineText.Of("customer.collectorAssigned", ("collector", login), ("previous", previous)), new { collector = login, previous });
        await db.SaveChangesAsync(ct);
        return Result.Ok(new CollectorAssigned(reference, previous, login, Changed: true));
    }

    /// <summary>
    /// E-mails today's statement to each customer through <see cref="CustomerDocuments.SendStatementAsync"/> (the
    /// customer page's "send the statement"): per customer <c>customer.notFound</c>, <c>statement.noEmail</c>,
    /// <c>statement.sendFailed</c>, or the stored document.
    /// </summary>
    public static async Task<Result<BulkResult<StatementSent>>> SendStatementsAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock,
        Acting at, IReadOnlyCollection<string> customerRefs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customerRefs);
        if (Check(customerRefs) is { } invalid)
        {
            return invalid;
        }

        var items = new List<BulkItem<StatementSent>>();
        foreach (var reference in Distinct(customerRefs))
        {
            var id = await db.Customers.Where(c => c.ExternalRef == reference).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            var result = id is { } customerId
                ? (await CustomerDocuments.SendStatementAsync(db, tenant, channels, clock, at, customerId, ct)).Map(d => new StatementSent(reference, d))
                : Result<StatementSent>.Fail(OperationError.NotFound("customer.notFound", ("customer", reference)));
            items.Add(new BulkItem<StatementSent>(reference, result));
            db.ChangeTracker.Clear();
        }

        return Result.Ok(new BulkResult<StatementSent>(items));
    }

    private static OperationError? Check(IReadOnlyCollection<string> refs) =>
        refs.Count == 0 ? OperationError.InvalidField("customers", null, "bulk.nothingSelected")
        : refs.Count > MaxItems ? OperationError.InvalidField("customers", refs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "bulk.tooMany", ("max", MaxItems))
        : null;

    private static IEnumerable<string> Distinct(IEnumerable<string> refs) =>
        refs.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal);
}
