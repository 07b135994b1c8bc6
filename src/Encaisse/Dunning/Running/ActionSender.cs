using Encaisse.Dunning.Channels;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

internal sealed record SendOutcomes(int Sent, int Retrying, int Failed, int Skipped, int MayHaveLeft = 0);

/// <summary>
/// Claims due outbox rows ONE AT A TIME and sends each before claiming the next (docs/adr/0352), so a crash leaves at
/// most one row claimed. PostgreSQL: <c>UPDATE … WHERE id = (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED)</c>, concurrent
/// runners take different rows; SQLite (one writer): a conditional UPDATE of one candidate (status still Planned).
/// For an e-mail or SMS the attempt is marked started (durably, conditionally on still holding the claim) right before
/// the server is asked; letters, calls and tasks are completed in the transaction that marks the row sent.
/// </summary>
internal sealed class ActionSender(EncaisseDb db, Tenant tenant, DunningSettings settings, DunningChannels channels, TimeProvider clock, DunningRunOptions options)
{
    private readonly Queue<Guid> candidates = new();
    private readonly HashSet<Guid> tried = [];
    private int sent;
    private int retrying;
    private int failed;
    private int skipped;
    private int mayHaveLeft;

    /// <summary>When set, only these rows are claimed (a person's "send now", the server's retries).</summary>
    public IReadOnlyCollection<Guid>? Only { get; init; }

    public async Task<SendOutcomes> SendDueAsync(CancellationToken ct)
    {
        while (true)
        {
            if (options.Heartbeat is not null)
            {
                await options.Heartbeat(ct);
            }

            var id = await ClaimNextAsync(ct);
            if (id is null)
            {
                break;
            }

            await SendOneAsync(id.Value, ct);
        }

        return new SendOutcomes(sent, retrying, failed, skipped, mayHaveLeft);
    }

    private async Task<Guid?> ClaimNextAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE dunning_action SET status = 'Sending', claimed_by = @runner, claimed_at = @now, attempts = attempts + 1,
                    attempt_started_at = NULL
                WHERE id = (
                    SELECT id FROM dunning_action
                    WHERE tenant_id = @tenant AND status = 'Planned' AND next_attempt_at <= @now
                    {(Only is null ? "" : "AND id = ANY(@only)")}
                    ORDER BY next_attempt_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter("runner", options.RunnerId));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("now", now));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("tenant", tenant.Id));
            if (Only is not null)
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter("only", Only.ToArray()));
            }

            return await command.ExecuteScalarAsync(ct) is Guid id ? id : null;
        }

        // SQLite cannot compare DateTimeOffset in SQL: due candidates are read in memory, then claimed one by one with a
        // conditional UPDATE right before each is sent (a row another runner took in between is simply skipped).
        for (var reloaded = false; ; reloaded = true)
        {
            while (candidates.TryDequeue(out var candidate))
            {
                var changed = await db.Set<DunningAction>()
                    .Where(a => a.Id == candidate && a.Status == DunningActionStatus.Planned)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(a => a.Status, DunningActionStatus.Sending)
                        .SetProperty(a => a.ClaimedBy, options.RunnerId)
                        .SetProperty(a => a.ClaimedAt, now)
                        .SetProperty(a => a.Attempts, a => a.Attempts + 1)
                        .SetProperty(a => a.AttemptStartedAt, (DateTimeOffset?)null), ct);
                if (changed == 1)
                {
                    return candidate;
                }
            }

            if (reloaded)
            {
                return null;
            }

            var planned = db.Set<DunningAction>().AsNoTracking().Where(a => a.Status == DunningActionStatus.Planned);
            if (Only is not null)
            {
                var only = Only.ToList();
                planned = planned.Where(a => only.Contains(a.Id));
            }

            // A row is tried once per pass: one put back for a retry later today is not due now anyway.
            foreach (var c in (await planned.Select(a => new { a.Id, a.NextAttemptAt }).ToListAsync(ct))
                         .Where(a => a.NextAttemptAt <= now && !tried.Contains(a.Id)).OrderBy(a => a.NextAttemptAt).ThenBy(a => a.Id).Take(1000))
            {
                candidates.Enqueue(c.Id);
                tried.Add(c.Id);
            }
        }
    }

    private async Task SendOneAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var action = await db.Set<DunningAction>().AsNoTracking().FirstAsync(a => a.Id == id, ct);
        await CheckpointAsync("claimed", id);

        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == action.CustomerId, ct);
        if (action.Channel is DunningChannel.Email or DunningChannel.Sms && action.Recipient is null)
        {
            await FinishAsync(action, DunningActionStatus.Skipped, null,
                action.Channel == DunningChannel.Email ? "no usable e-mail address for this customer" : "no phone number for this customer", ct);
            return;
        }

        string outcome;
        var tasks = new List<CollectionTask>();
        var attempt = new DeliveryAttempt(token => StartAttemptAsync(action, token));
        try
        {
            switch (action.Channel)
            {
                case DunningChannel.Email:
                    var attachments = await channels.InvoiceDocuments.ForAsync(db, action.InvoiceIdList, ct);
                    outcome = await channels.Email.SendAsync(settings, DunningEmail.Build(settings, tenant.Name, action, attachments), attempt, ct)
                        + DunningEmail.Describe(attachments, action.Document);
                    break;
                case DunningChannel.Sms:
                    outcome = await channels.Sms.SendAsync(settings, action.Recipient!, action.Body ?? "", attempt, ct);
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
        catch (ClaimLostException)
        {
            // Another runner recovered this claim before the attempt started: it owns the row now; nothing was sent.
            return;
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            // Shutting down (or the day's lease was lost) in the middle of a send: settle the row now rather than leave a
            // claim for the recovery (released at once, or to review if data left), then stop.
            if (attempt.MayHaveLeft(e))
            {
                await MayHaveLeftAsync(action, e, CancellationToken.None);
            }
            else
            {
                await DunningRunner.ReleaseClaimAsync(db, action.Id, options.RunnerId, clock.GetUtcNow(),
                    "claim released at shutdown before anything left", giveUp: false, countAttempt: false, CancellationToken.None);
            }

            throw;
        }
        catch (Exception e) when (e is not CheckpointFailure)
        {
            await SettleFailureAsync(action, attempt, e, ct);
            return;
        }

        await CheckpointAsync("delivered", id);
        await FinishAsync(action, DunningActionStatus.Sent, tasks, outcome, ct);
    }

    private async Task CheckpointAsync(string point, Guid id)
    {
        if (options.Checkpoint is not null)
        {
            await options.Checkpoint(point, id);
        }
    }

    /// <summary>
    /// The durable "attempt started" mark, written only while this runner still holds the claim: if a recovery released
    /// the row meanwhile (and another runner may be sending it), this runner sends nothing.
    /// </summary>
    private async Task StartAttemptAsync(DunningAction action, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == action.Id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == options.RunnerId && a.AttemptStartedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.AttemptStartedAt, now), ct);
        if (changed != 1)
        {
            throw new ClaimLostException($"The claim on action {action.Id} was recovered by another runner.");
        }

        try
        {
            await CheckpointAsync("started", action.Id);
        }
        catch (Exception e)
        {
            // The hook stands for a crash here: it must not be taken for a channel error (retried) on the way out.
            throw new CheckpointFailure(e);
        }
    }

    /// <summary>A failure hook threw inside a channel call: propagated as the crash it stands for.</summary>
    internal sealed class CheckpointFailure(Exception inner) : Exception("Failure hook: " + inner.Message, inner);

    private Task SettleFailureAsync(DunningAction action, DeliveryAttempt attempt, Exception error, CancellationToken ct) =>
        attempt.MayHaveLeft(error) ? MayHaveLeftAsync(action, error, ct) : RetryOrFailAsync(action, error, ct);

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
        var text = status == DunningActionStatus.Sent
            ? TimelineText.Of("dunning.sent", ("step", action.StepKey), ("channel", Encaisse.Localization.Word.Of(action.Channel)), ("amount", new Money(action.AmountMinor, action.Currency)))
            : TimelineText.Of("dunning.skipped", ("step", action.StepKey), ("detail", detail));
        db.Add(DunningRunner.Timeline(tenant.Id, action.CustomerId, now, kind, text));
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

    /// <summary>Nothing left: back to Planned with backoff 5, 10, 20, 40 min … (the server's scheduler retries), or Failed.</summary>
    private async Task RetryOrFailAsync(DunningAction action, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = action.Attempts;
        var final = attempts >= settings.MaxAttempts;
        var delay = RetryDelay(attempts);
        var message = DunningRunner.Truncate($"attempt {attempts}: {error.GetType().Name}: {error.Message}");
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == action.Id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == options.RunnerId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, final ? DunningActionStatus.Failed : DunningActionStatus.Planned)
                .SetProperty(a => a.NextAttemptAt, now + delay)
                .SetProperty(a => a.AttemptStartedAt, (DateTimeOffset?)null)
                .SetProperty(a => a.LastError, message), ct);
        if (changed != 1)
        {
            return;
        }

        if (final)
        {
            failed++;
            db.Add(DunningRunner.Timeline(tenant.Id, action.CustomerId, now, "dunning.failed", TimelineText.Of("dunning.failedAttempts", ("step", action.StepKey), ("attempts", attempts))));
            await db.SaveChangesAsync(ct);
        }
        else
        {
            retrying++;
        }
    }

    /// <summary>The attempt after <paramref name="attempts"/> failed ones waits 5 min × 2^(attempts−1): 5, 10, 20, 40 …</summary>
    internal static TimeSpan RetryDelay(int attempts) => TimeSpan.FromMinutes(5 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 8)));

    /// <summary>
    /// Message data left and no answer came (timeout, dropped connection): the server may have stored it. Never resent
    /// automatically: Failed, with the Message-ID to look up and a Review task (docs/adr/0351, 0352).
    /// </summary>
    private async Task MayHaveLeftAsync(DunningAction action, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reason = $"may have left: {error.GetType().Name} after the message data was sent ({error.Message})";
        if (await DunningRunner.SendToReviewAsync(db, action, options.RunnerId, reason, now, ct))
        {
            mayHaveLeft++;
        }
    }
}
