using Encaisse.Dunning.Channels;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

internal sealed record SendOutcomes(int Sent, int Retrying, int Failed, int Skipped);

/// <summary>
/// Claims due outbox rows and sends them. PostgreSQL: one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
/// so concurrent runners take disjoint rows; SQLite (one writer): a conditional UPDATE per row (status still Planned).
/// </summary>
internal sealed class ActionSender(EncaisseDb db, Tenant tenant, DunningSettings settings, DunningChannels channels, TimeProvider clock, DunningRunOptions options)
{
    private const int Batch = 20;
    private int sent;
    private int retrying;
    private int failed;
    private int skipped;

    /// <summary>When set, only these rows are claimed (a person's "send now" after approving or re-queueing).</summary>
    public IReadOnlyCollection<Guid>? Only { get; init; }

    public async Task<SendOutcomes> SendDueAsync(CancellationToken ct)
    {
        while (true)
        {
            var claimed = await ClaimAsync(ct);
            if (claimed.Count == 0)
            {
                break;
            }

            foreach (var id in claimed)
            {
                await SendOneAsync(id, ct);
            }
        }

        return new SendOutcomes(sent, retrying, failed, skipped);
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var ids = new List<Guid>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE dunning_action SET status = 'Sending', claimed_by = @runner, claimed_at = @now, attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM dunning_action
                    WHERE tenant_id = @tenant AND status = 'Planned' AND next_attempt_at <= @now
                    {(Only is null ? "" : "AND id = ANY(@only)")}
                    ORDER BY next_attempt_at, id
                    LIMIT @batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter("runner", options.RunnerId));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("now", now));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("tenant", tenant.Id));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("batch", Batch));
            if (Only is not null)
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter("only", Only.ToArray()));
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }

        // SQLite cannot compare DateTimeOffset in SQL: pick candidates in memory, claim each with a conditional UPDATE.
        var planned = db.Set<DunningAction>().AsNoTracking().Where(a => a.Status == DunningActionStatus.Planned);
        if (Only is not null)
        {
            var only = Only.ToList();
            planned = planned.Where(a => only.Contains(a.Id));
        }

        var candidates = (await planned
                .Select(a => new { a.Id, a.NextAttemptAt }).ToListAsync(ct))
            .Where(a => a.NextAttemptAt <= now).OrderBy(a => a.NextAttemptAt).ThenBy(a => a.Id).Take(Batch).ToList();
        var claimed = new List<Guid>();
        foreach (var c in candidates)
        {
            var changed = await db.Set<DunningAction>()
                .Where(a => a.Id == c.Id && a.Status == DunningActionStatus.Planned)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.Status, DunningActionStatus.Sending)
                    .SetProperty(a => a.ClaimedBy, options.RunnerId)
                    .SetProperty(a => a.ClaimedAt, now)
                    .SetProperty(a => a.Attempts, a => a.Attempts + 1), ct);
            if (changed == 1)
            {
                claimed.Add(c.Id);
            }
        }

        return claimed;
    }

    private async Task SendOneAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var action = await db.Set<DunningAction>().AsNoTracking().FirstAsync(a => a.Id == id, ct);
        if (options.Checkpoint is not null)
        {
            await options.Checkpoint("claimed", id);
        }

        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == action.CustomerId, ct);
        if (action.Channel is DunningChannel.Email or DunningChannel.Sms && action.Recipient is null)
        {
            await FinishAsync(action, DunningActionStatus.Skipped, null,
                action.Channel == DunningChannel.Email ? "no usable e-mail address for this customer" : "no phone number for this customer", ct);
            return;
        }

        string outcome;
        var tasks = new List<CollectionTask>();
        try
        {
            switch (action.Channel)
            {
                case DunningChannel.Email:
                    var attachments = await channels.InvoiceDocuments.ForAsync(db, action.InvoiceIdList, ct);
                    outcome = await channels.Email.SendAsync(settings, DunningEmail.Build(settings, tenant.Name, action, attachments), ct)
                        + DunningEmail.Describe(attachments, action.Document);
                    break;
                case DunningChannel.Sms:
                    outcome = await channels.Sms.SendAsync(settings, action.Recipient!, action.Body ?? "", ct);
                    break;
                case DunningChannel.Letter:
                    outcome = $"PDF stored as evidence ({action.StoragePath}, sha256 {action.ContentHash}); to print and post";
                    break;
                default:
                    var task = new CollectionTask
                    {
                        TenantId = tenant.Id,
                        CustomerId = action.CustomerId,
                        Kind = action.Channel == DunningChannel.Call ? CollectionTaskKind.Call : CollectionTaskKind.Review,
                        Title = action.Subject ?? action.TemplateKey,
                        DueOn = action.PlannedOn,
                        AssignedTo = customer.Collector,
                        DunningActionId = action.Id,
                        CreatedAt = clock.GetUtcNow(),
                    };
                    tasks.Add(task);
                    outcome = "task " + task.Id;
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await RetryOrFailAsync(action, e, ct);
            return;
        }

        if (options.Checkpoint is not null)
        {
            await options.Checkpoint("delivered", id);
        }

        await FinishAsync(action, DunningActionStatus.Sent, tasks, outcome, ct);
    }

    private async Task FinishAsync(DunningAction action, DunningActionStatus status, List<CollectionTask>? tasks, string detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == action.Id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == options.RunnerId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.SentAt, status == DunningActionStatus.Sent ? now : null)
                .SetProperty(a => a.Outcome, status == DunningActionStatus.Sent ? DunningRunner.Truncate(detail, 1000) : null)
                .SetProperty(a => a.LastError, status == DunningActionStatus.Sent ? null : DunningRunner.Truncate(detail)), ct);
        if (changed != 1)
        {
            await tx.RollbackAsync(ct);
            return;
        }

        if (tasks is not null)
        {
            db.AddRange(tasks);
        }

        var kind = status == DunningActionStatus.Sent ? "dunning.sent" : "dunning.skipped";
        var summary = status == DunningActionStatus.Sent
            ? $"Relance {action.StepKey} envoyée ({action.Channel.ToString().ToLowerInvariant()}, {Currencies.FormatFrench(action.AmountMinor, action.Currency)})"
            : $"Relance {action.StepKey} non envoyée : {detail}";
        db.Add(DunningRunner.Timeline(tenant.Id, action.CustomerId, now, kind, summary));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (status == DunningActionStatus.Sent)
        {
            sent++;
        }
        else
        {
            skipped++;
        }
    }

    private async Task RetryOrFailAsync(DunningAction action, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var final = action.Attempts >= settings.MaxAttempts;
        var delay = TimeSpan.FromMinutes(5 * Math.Pow(2, Math.Min(action.Attempts - 1, 8)));
        var message = DunningRunner.Truncate($"attempt {action.Attempts}: {error.GetType().Name}: {error.Message}");
        await db.Set<DunningAction>()
            .Where(a => a.Id == action.Id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == options.RunnerId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, final ? DunningActionStatus.Failed : DunningActionStatus.Planned)
                .SetProperty(a => a.NextAttemptAt, now + delay)
                .SetProperty(a => a.LastError, message), ct);
        if (final)
        {
            failed++;
            db.Add(DunningRunner.Timeline(tenant.Id, action.CustomerId, now, "dunning.failed", $"Relance {action.StepKey} en échec après {action.Attempts} tentatives"));
            await db.SaveChangesAsync(ct);
        }
        else
        {
            retrying++;
        }
    }
}
