using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk;

/// <summary>
/// Stores alerts idempotently: a condition (its <see cref="Alert.Key"/>) is raised once; when an evaluation no
/// longer finds it, its open alert is resolved; while it lasts, its message and severity follow the latest evaluation.
/// Other capabilities list alerts with <see cref="ListAsync"/>.
/// </summary>
public static class AlertBook
{
    /// <summary>
    /// Raises the drafts not raised yet and, when <paramref name="resolvePrefix"/> is given, resolves the open
    /// alerts of that kind family (for the customers in <paramref name="scope"/>, or all) that were not found again.
    /// Returns the alerts newly raised. Does not save.
    /// </summary>
    public static async Task<List<Alert>> SyncAsync(EncaisseDb db, IReadOnlyCollection<AlertDraft> drafts, DateOnly asOf, TimeProvider clock,
        CancellationToken ct, string? resolvePrefix = null, IReadOnlyCollection<Guid>? scope = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(clock);
        var keys = drafts.Select(d => d.Key).ToList();
        var existing = await db.Set<Alert>().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, ct);
        var raised = new List<Alert>();
        foreach (var draft in drafts.DistinctBy(d => d.Key))
        {
            if (existing.TryGetValue(draft.Key, out var alert))
            {
                if (alert.Status == AlertStatus.Resolved)
                {
                    alert.Status = AlertStatus.Open;
                    alert.ResolvedAt = null;
                    alert.RaisedOn = asOf;
                    alert.Message = draft.Message;
                    alert.Severity = draft.Severity;
                    raised.Add(alert);
                }
                else
                {
                    // Still the same condition, raised once; its line follows the facts (amounts, invoices named, a claim
                    // filed since, a deadline now missed), so a person never reads a stale alert.
                    alert.Message = draft.Message;
                    alert.Severity = draft.Severity;
                }

                continue;
            }

            alert = new Alert
            {
                TenantId = db.TenantId, CustomerId = draft.CustomerId, Kind = draft.Kind, Key = draft.Key, Severity = draft.Severity,
                Message = draft.Message, RaisedOn = asOf, CreatedAt = clock.GetUtcNow(),
            };
            db.Add(alert);
            raised.Add(alert);
        }

        if (resolvePrefix is not null)
        {
            var stale = await db.Set<Alert>()
                .Where(a => a.Status != AlertStatus.Resolved && a.Kind.StartsWith(resolvePrefix) && !keys.Contains(a.Key))
                .ToListAsync(ct);
            foreach (var alert in stale.Where(a => scope is null || (a.CustomerId is { } c && scope.Contains(c))))
            {
                alert.Status = AlertStatus.Resolved;
                alert.ResolvedAt = clock.GetUtcNow();
            }
        }

        return raised;
    }

    public static Task<List<Alert>> ListAsync(EncaisseDb db, CancellationToken ct, bool includeResolved = false, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Alert>().AsNoTracking()
            .Where(a => (includeResolved || a.Status != AlertStatus.Resolved) && (customerId == null || a.CustomerId == customerId))
            .OrderByDescending(a => a.RaisedOn).ThenBy(a => a.Kind).ThenBy(a => a.Key)
            .ToListAsync(ct);
    }
}
