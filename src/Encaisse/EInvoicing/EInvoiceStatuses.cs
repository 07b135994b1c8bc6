using Encaisse.Dunning;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>A status received for one of the tenant's e-invoices.</summary>
public sealed record ReceivedStatus(string InvoiceNumber, int Code, DateOnly On, string? Reason = null, string? ReasonCode = null,
    decimal? Amount = null, string? MessageId = null, string Source = "platform");

/// <summary>A status as listed by <c>einvoice statuses</c>.</summary>
public sealed record StatusView(Guid Id, string Direction, string Invoice, int Code, string Status, string Label, DateOnly On, decimal? Amount, string? Currency,
    string? Reason, string Source, string? State, int Attempts, string? LastError, Guid? DisputeId = null, Guid? PromiseId = null);

/// <summary>
/// The lifecycle statuses of e-invoices, both ways (ADR 1400). In: a received status is recorded once (its key is the
/// platform's message id, else invoice+code+date) and acts on collections through the existing operations: refused /
/// rejected and in dispute open a dispute (which pauses dunning and interest), payment transmitted records a promise
/// to pay; the others are shown. Out: <see cref="ProduceCashedAsync"/> is the outbox producer of the cashed status:
/// one row per payment allocation on an e-invoice, keyed "cashed:{allocation}", so running it again (after a crash,
/// on two nodes) never produces a second one.
/// </summary>
public static class EInvoiceStatuses
{
    public static async Task<Result<StatusView>> ReceiveAsync(CollectionsScope scope, ReceivedStatus received, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(received);
        var db = scope.Db;
        if (LifecycleStatuses.Of(received.Code) is not { } status)
        {
            return OperationError.Invalid("einvoice.unknownStatus", ("code", received.Code));
        }

        var found = await (from e in db.Set<EInvoice>()
                           join i in db.Invoices on e.InvoiceId equals i.Id
                           join c in db.Customers on i.CustomerId equals c.Id
                           where e.Number == received.InvoiceNumber
                           select new { EInvoice = e, Invoice = i, c.ExternalRef }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return OperationError.NotFound("einvoice.notFound", ("invoice", received.InvoiceNumber));
        }

        var key = "in:" + (received.MessageId ?? $"{received.InvoiceNumber}:{received.Code}:{received.On:yyyyMMdd}");
        if (await db.Set<EInvoiceStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct) is { } already)
        {
            return Result.Ok(View(already, received.InvoiceNumber));
        }

        var now = scope.Clock.GetUtcNow();
        var row = new EInvoiceStatus
        {
            TenantId = db.TenantId,
            EInvoiceId = found.EInvoice.Id,
            InvoiceId = found.Invoice.Id,
            Direction = StatusDirection.In,
            Code = received.Code,
            Key = key.Length > 200 ? key[..200] : key,
            OccurredOn = received.On,
            AmountMinor = received.Amount is { } a ? Currencies.ToMinor(a, found.Invoice.Currency) : null,
            Currency = received.Amount is null ? null : found.Invoice.Currency,
            ReasonCode = received.ReasonCode,
            Reason = received.Reason is { Length: > 1000 } r ? r[..1000] : received.Reason,
            Source = received.Source,
            CreatedAt = now,
            DoneAt = now,
        };
        db.Add(row);
        Guid? disputeId = null, promiseId = null;
        switch (status.Effect)
        {
            case StatusEffect.Stop or StatusEffect.Dispute when found.Invoice.Kind == DocumentKind.Invoice:
                {
                    var open = await db.Set<Dispute>().AnyAsync(d => d.Status != DisputeStatus.ResolvedWithCreditNote && d.Status != DisputeStatus.Rejected
                        && d.Invoices.Any(x => x.InvoiceId == found.Invoice.Id), ct);
                    if (!open)
                    {
                        var label = Catalogue.Text(Catalogue.French, "einvoice.status." + status.Name);
                        var dispute = await DisputeOperations.AddAsync(scope, new OpenDispute(found.ExternalRef, [received.InvoiceNumber],
                            DisputeReason.Other, Description: $"E-facture {label} ({received.Code})" + (received.Reason is null ? "" : ": " + received.Reason),
                            Channel: "einvoice"), ct);
                        disputeId = dispute.Id;
                    }

                    break;
                }

            case StatusEffect.ExpectPayment when received.On >= scope.Today || received.Amount is not null:
                {
                    var amount = received.Amount ?? Currencies.FromMinor(found.Invoice.GrossMinor, found.Invoice.Currency);
                    try
                    {
                        var promise = await PromiseOperations.AddAsync(scope, new RecordPromise(found.ExternalRef, amount,
                            received.On < scope.Today ? scope.Today : received.On, "einvoice", $"E-facture {received.InvoiceNumber} : paiement transmis", found.Invoice.Currency), ct);
                        promiseId = promise.Id;
                    }
                    catch (OperationFailedException)
                    {
                        // Nothing left to promise (already paid): the status is recorded and shown.
                    }

                    break;
                }
        }

        db.Add(TimelineText.Entry(db.TenantId, found.Invoice.CustomerId, now, "einvoice.status", scope.Actor,
            received.Reason is null
                ? TimelineText.Of("einvoice.statusIn", ("number", received.InvoiceNumber), ("status", new Nested("einvoice.status." + status.Name)))
                : TimelineText.Of("einvoice.statusInReason", ("number", received.InvoiceNumber), ("status", new Nested("einvoice.status." + status.Name)), ("reason", received.Reason)),
            found.Invoice.Id, new { code = received.Code, source = received.Source }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message recorded meanwhile by another reader: it is recorded once.
            db.ChangeTracker.Clear();
            if (await db.Set<EInvoiceStatus>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct) is { } other)
            {
                return Result.Ok(View(other, received.InvoiceNumber));
            }

            throw;
        }

        return Result.Ok(View(row, received.InvoiceNumber) with { DisputeId = disputeId, PromiseId = promiseId });
    }

    /// <summary>The tenant's settings (defaults when never set).</summary>
    public static async Task<EInvoiceSettings> SettingsAsync(EncaisseDb db, CancellationToken ct) =>
        await db.Set<EInvoiceSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? new EInvoiceSettings { TenantId = db.TenantId };

    public static async Task<Result<EInvoiceSettings>> SetCashedForAsync(EncaisseDb db, string value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var v = (value ?? "").Trim().ToLowerInvariant();
        if (v is not (EInvoiceSettings.All or EInvoiceSettings.Services or EInvoiceSettings.None))
        {
            return OperationError.Invalid("einvoice.badSetting", ("value", value));
        }

        var settings = await db.Set<EInvoiceSettings>().FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new EInvoiceSettings { TenantId = db.TenantId };
            db.Add(settings);
        }

        settings.CashedFor = v;
        await db.SaveChangesAsync(ct);
        return Result.Ok(settings);
    }

    /// <summary>The platform's flow API base URL (absolute http/https), or none with an empty value.</summary>
    public static async Task<Result<EInvoiceSettings>> SetPlatformAsync(EncaisseDb db, string value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var url = (value ?? "").Trim();
        if (url.Length > 0 && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return OperationError.Invalid("einvoice.badPlatform", ("value", value));
        }

        var settings = await db.Set<EInvoiceSettings>().FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new EInvoiceSettings { TenantId = db.TenantId };
            db.Add(settings);
        }

        settings.PlatformUrl = url.Length == 0 ? null : url;
        await db.SaveChangesAsync(ct);
        return Result.Ok(settings);
    }

    /// <summary>
    /// The outbox producer of cashed statuses: every payment allocated to an e-invoice that needs one (setting: all,
    /// or services: the e-invoice says services or mixed, or does not say) gets exactly one pending cashed status with
    /// the amount and date of the allocation. Safe to run any number of times (unique key per allocation).
    /// </summary>
    public static async Task<int> ProduceCashedAsync(EncaisseDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var settings = await SettingsAsync(db, ct);
        if (settings.CashedFor == EInvoiceSettings.None)
        {
            return 0;
        }

        var servicesOnly = settings.CashedFor == EInvoiceSettings.Services;
        var candidates = await (from a in db.Allocations.AsNoTracking()
                                join e in db.Set<EInvoice>().AsNoTracking() on a.InvoiceId equals e.InvoiceId
                                join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                                where a.PaymentId != null && i.Kind == DocumentKind.Invoice
                                      && (!servicesOnly || e.OperationCategory == null || e.OperationCategory != "goods")
                                select new { a.Id, a.AmountMinor, a.AllocatedOn, EInvoiceId = e.Id, i.Number, InvoiceId = i.Id, i.Currency, i.CustomerId }).ToListAsync(ct);
        var keys = candidates.Select(c => "cashed:" + c.Id.ToString("N")).ToList();
        var existing = (await db.Set<EInvoiceStatus>().AsNoTracking().Where(s => keys.Contains(s.Key)).Select(s => s.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var produced = 0;
        var now = clock.GetUtcNow();
        foreach (var c in candidates)
        {
            var key = "cashed:" + c.Id.ToString("N");
            if (existing.Contains(key))
            {
                continue;
            }

            db.Add(new EInvoiceStatus
            {
                TenantId = db.TenantId,
                EInvoiceId = c.EInvoiceId,
                InvoiceId = c.InvoiceId,
                Direction = StatusDirection.Out,
                Code = LifecycleStatuses.Cashed,
                Key = key,
                OccurredOn = c.AllocatedOn,
                AmountMinor = c.AmountMinor,
                Currency = c.Currency,
                Source = "allocation",
                State = OutgoingState.Pending,
                CreatedAt = now,
            });
            db.Add(TimelineText.Entry(db.TenantId, c.CustomerId, now, "einvoice.status", "system",
                TimelineText.Of("einvoice.statusOut", ("status", new Nested("einvoice.status.cashed")), ("number", c.Number),
                    ("amount", new Money(c.AmountMinor, c.Currency)), ("date", c.AllocatedOn)), c.InvoiceId));
            try
            {
                await db.SaveChangesAsync(ct);
                produced++;
            }
            catch (DbUpdateException)
            {
                // Produced meanwhile by another run: the unique key kept it to one.
                db.ChangeTracker.Clear();
            }
        }

        return produced;
    }

    public static async Task<IReadOnlyList<StatusView>> ListAsync(EncaisseDb db, StatusDirection? direction, OutgoingState? state, CancellationToken ct,
        Guid? invoiceId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = from s in db.Set<EInvoiceStatus>().AsNoTracking()
                    join e in db.Set<EInvoice>().AsNoTracking() on s.EInvoiceId equals e.Id
                    select new { s, e.Number };
        if (invoiceId is { } id)
        {
            query = query.Where(x => x.s.InvoiceId == id);
        }

        if (direction is { } d)
        {
            query = query.Where(x => x.s.Direction == d);
        }

        if (state is { } st)
        {
            query = query.Where(x => x.s.State == st);
        }

        var rows = await query.ToListAsync(ct);
        return rows.OrderBy(r => r.s.CreatedAt).ThenBy(r => r.s.Id).Select(r => View(r.s, r.Number)).ToList();
    }

    /// <summary>The CDAR message of an outgoing status.</summary>
    public static async Task<(string FileName, byte[] Content)> CdarAsync(EncaisseDb db, Tenant tenant, EInvoiceStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(status);
        var e = await db.Set<EInvoice>().AsNoTracking().SingleAsync(x => x.Id == status.EInvoiceId, ct);
        var invoice = await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == status.InvoiceId, ct);
        var buyer = await db.Customers.AsNoTracking().Where(c => c.Id == invoice.CustomerId).Select(c => c.Siren).FirstOrDefaultAsync(ct);
        var message = new CdarStatus(status.Id.ToString("N"), status.CreatedAt, e.Number, invoice.IssueDate, "380",
            e.SellerKey.Length == 9 && e.SellerKey.All(char.IsAsciiDigit) ? e.SellerKey : tenant.Siren, buyer, status.Code, status.OccurredOn,
            status.ReasonCode, status.Reason, status.AmountMinor is { } m ? Currencies.FromMinor(m, status.Currency ?? invoice.Currency) : null, status.Currency);
        var safe = new string(e.Number.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
        return ($"CDAR_{status.Code}_{safe}_{status.Id:N}.xml", CdarMessage.Write(message));
    }

    /// <summary>
    /// Exports each pending outgoing status as a CDAR file (for a manual upload to the platform) through
    /// <paramref name="write"/>, oldest first, and marks it exported once its file is written (one save per status:
    /// a failure leaves the statuses not yet written pending). Returns the file names.
    /// </summary>
    public static async Task<Result<IReadOnlyList<string>>> ExportPendingAsync(EncaisseDb db, Tenant tenant, TimeProvider clock,
        Func<string, byte[], CancellationToken, Task> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(write);
        var exported = new List<string>();
        var pending = await db.Set<EInvoiceStatus>().Where(s => s.Direction == StatusDirection.Out && s.State == OutgoingState.Pending).ToListAsync(ct);
        foreach (var status in pending.OrderBy(s => s.CreatedAt))
        {
            var (name, content) = await CdarAsync(db, tenant, status, ct);
            await write(name, content, ct);
            status.State = OutgoingState.Exported;
            status.DoneAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            exported.Add(name);
        }

        return Result.Ok<IReadOnlyList<string>>(exported);
    }

    private static StatusView View(EInvoiceStatus s, string number)
    {
        var name = LifecycleStatuses.NameOf(s.Code);
        return new StatusView(s.Id, s.Direction == StatusDirection.In ? "in" : "out", number, s.Code, name,
            Catalogue.Has("einvoice.status." + name) ? Catalogue.Text(Catalogue.English, "einvoice.status." + name) : name, s.OccurredOn,
            s.AmountMinor is { } m && s.Currency is { } cur ? Currencies.FromMinor(m, cur) : null, s.Currency, s.Reason, s.Source,
            s.State?.ToString().ToLowerInvariant(), s.Attempts, s.LastError);
    }
}
