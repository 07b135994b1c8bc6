using System.Data.Common;
using System.Runtime.CompilerServices;
using Encaisse.Dunning.Planning;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>An outbox row as the runner needs it to reconcile (no content).</summary>
internal sealed record StoredAction(Guid Id, Guid CustomerId, string StepKey, int? StepNumber, int Cycle, DateOnly PlannedOn,
    DunningActionStatus Status, string InvoiceIds)
{
    /// <summary>Not sent and not decided: the runner re-checks it against today's plan.</summary>
    public bool Pending => Status is DunningActionStatus.Planned or DunningActionStatus.AwaitingApproval;
}

/// <summary>What one load read: the planner's snapshot plus the rows the runner acts on.</summary>
internal sealed record LoadedSnapshot(DunningSnapshot Snapshot, IReadOnlyDictionary<Guid, string> CustomerRefs, IReadOnlyList<StoredAction> Stored);

/// <summary>A whole planning run: the merged decision of every chunk, with what the runner needs to act on it.</summary>
internal sealed record PlannedRun(DunningDecision Decision, IReadOnlyDictionary<Guid, string> CustomerRefs, IReadOnlyList<StoredAction> Stored, int Customers)
{
    /// <summary>Time spent in the pure planner (the rest of the run is reading).</summary>
    public TimeSpan PlannerTime { get; init; }
}

/// <summary>
/// Reads the tenant's ledger and dunning state into <see cref="DunningSnapshot"/>s. The big part (open invoices) is
/// one raw SQL query — paid invoices dropped in SQL against summed allocations, only the columns the planner needs,
/// ordered by customer — streamed and cut into chunks of customers, so memory stays bounded by the chunk size and
/// what the planner decides. The small per-tenant tables (plans, disputes, promises, holds, outbox keys) are read
/// once. No per-customer query. The planner stays a pure function of each chunk's snapshot (customers are
/// independent, so planning by chunk gives the same decision as planning all at once).
/// </summary>
internal static class DunningSnapshotLoader
{
    public const int DefaultChunkSize = 10_000;

    /// <summary>Loads and plans chunk by chunk; only the decision is kept.</summary>
    public static async Task<PlannedRun> PlanAsync(EncaisseDb db, DunningSettings settings, DateOnly asOf, CancellationToken ct, int chunkSize = DefaultChunkSize)
    {
        var state = await TenantState.LoadAsync(db, asOf, null, ct);
        var planning = Planning(settings);
        var actions = new List<PlannedAction>();
        var notes = new List<PlanningNote>();
        var broken = new List<Guid>();
        var next = new Dictionary<Guid, DateOnly>();
        var waiting = new List<WaitingAction>();
        var customers = 0;
        var plannerTime = TimeSpan.Zero;
        await foreach (var chunk in ChunksAsync(db, state, asOf, null, chunkSize, ct))
        {
            customers += chunk.Count;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var decision = DunningPlanner.Plan(new DunningSnapshot(asOf, planning, chunk));
            plannerTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            actions.AddRange(decision.Actions);
            notes.AddRange(decision.Notes);
            broken.AddRange(decision.BrokenPromises);
            waiting.AddRange(decision.Waiting);
            foreach (var (id, date) in decision.NextCheckOn)
            {
                next[id] = date;
            }
        }

        // Same order as planning all customers sorted by reference (reports and tests read them in that order).
        string Ref(Guid id) => state.Refs.GetValueOrDefault(id, "");
        var decisionAll = new DunningDecision(
            actions.OrderBy(a => Ref(a.CustomerId), StringComparer.Ordinal).ToList(),
            notes.OrderBy(n => Ref(n.CustomerId), StringComparer.Ordinal).ToList(), broken, next) { Waiting = waiting };
        return new PlannedRun(decisionAll, state.Refs, state.Stored, customers) { PlannerTime = plannerTime };
    }

    /// <summary>The whole snapshot at once (dry views, preview); <paramref name="onlyCustomer"/> restricts it to one customer.</summary>
    public static async Task<LoadedSnapshot> LoadAsync(EncaisseDb db, DunningSettings settings, DateOnly asOf, CancellationToken ct, Guid? onlyCustomer = null)
    {
        var state = await TenantState.LoadAsync(db, asOf, onlyCustomer, ct);
        var all = new List<CustomerSnapshot>();
        await foreach (var chunk in ChunksAsync(db, state, asOf, onlyCustomer, int.MaxValue, ct))
        {
            all.AddRange(chunk);
        }

        var ordered = all.OrderBy(c => state.Refs.GetValueOrDefault(c.Profile.CustomerId, ""), StringComparer.Ordinal).ToList();
        return new LoadedSnapshot(new DunningSnapshot(asOf, Planning(settings), ordered), state.Refs, state.Stored);
    }

    private static PlanningSettings Planning(DunningSettings settings) => new(settings.PromiseGraceDays, settings.ThankYouMessages);

    /// <summary>
    /// Streams open invoices ordered by customer and yields chunks of customer snapshots; customers with outbox
    /// history but nothing open (thank-you, cancellations) come last.
    /// </summary>
    private static async IAsyncEnumerable<List<CustomerSnapshot>> ChunksAsync(EncaisseDb db, TenantState state, DateOnly asOf, Guid? onlyCustomer,
        int chunkSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var sql = new ReportingSql(db);
        var parameters = new Dictionary<string, object?> { ["tenant"] = db.TenantId, ["asOf"] = asOf };
        var filter = "";
        if (onlyCustomer is { } only)
        {
            parameters["customer"] = only;
            filter = "AND i.customer_id = @customer";
        }

        var chunk = new List<CustomerSnapshot>();
        var seen = new HashSet<Guid>();
        await using (var command = await sql.CommandAsync(OpenInvoicesSql(filter), parameters, ct))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            Guid? current = null;
            var items = new List<DunnableItem>();
            while (await reader.ReadAsync(ct))
            {
                var invoice = ReadInvoice(reader, db.TenantId, state.Instalments, out var paid);
                if (current != invoice.CustomerId)
                {
                    if (current is { } done && state.Snapshot(done, items) is { } snapshot)
                    {
                        chunk.Add(snapshot);
                        seen.Add(done);
                    }

                    current = invoice.CustomerId;
                    items = [];
                    if (chunk.Count >= chunkSize)
                    {
                        yield return chunk;
                        chunk = [];
                    }
                }

                foreach (var item in Balances.OpenItemsOf(invoice, paid, asOf))
                {
                    items.Add(new DunnableItem(item, invoice.IsFactored));
                }
            }

            if (current is { } last && state.Snapshot(last, items) is { } lastSnapshot)
            {
                chunk.Add(lastSnapshot);
                seen.Add(last);
            }
        }

        foreach (var customerId in state.History.Select(h => h.Key).Where(id => !seen.Contains(id)))
        {
            if (chunk.Count >= chunkSize)
            {
                yield return chunk;
                chunk = [];
            }

            if (state.Snapshot(customerId, []) is { } snapshot)
            {
                chunk.Add(snapshot);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Unpaid, uncancelled invoices (credit notes play no part in dunning) with what was paid by the as-of date.</summary>
    private static string OpenInvoicesSql(string filter) => $"""
        SELECT i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.currency, i.gross_minor, i.is_factored,
               COALESCE(pa.paid, 0) AS paid
        FROM invoices i
        LEFT JOIN (SELECT invoice_id, SUM(amount_minor) AS paid FROM allocations
                   WHERE tenant_id = @tenant AND allocated_on <= @asOf GROUP BY invoice_id) pa ON pa.invoice_id = i.id
        WHERE i.tenant_id = @tenant AND i.kind = 'Invoice' AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
          AND i.gross_minor > COALESCE(pa.paid, 0) {filter}
        ORDER BY i.customer_id
        """;

    private static Invoice ReadInvoice(DbDataReader r, Guid tenantId, ILookup<Guid, Instalment> instalments, out long paid)
    {
        var id = r.GetGuid(0);
        paid = ReportingSql.Long(r, 8);
        return new Invoice
        {
            Id = id,
            TenantId = tenantId,
            CustomerId = r.GetGuid(1),
            Number = r.GetString(2),
            Kind = DocumentKind.Invoice,
            IssueDate = r.GetFieldValue<DateOnly>(3),
            DueDate = r.GetFieldValue<DateOnly>(4),
            Currency = r.GetString(5),
            GrossMinor = ReportingSql.Long(r, 6),
            IsFactored = r.GetBoolean(7),
            Instalments = instalments.Contains(id) ? instalments[id].ToList() : [],
        };
    }

    /// <summary>Per-tenant state read once per run: customers (narrow), plans, outbox keys, pauses.</summary>
    private sealed class TenantState
    {
        private readonly Dictionary<Guid, (PlanProfile Profile, DateOnly? Insolvency, DateOnly? Ceased)> customers = [];
        private IReadOnlyList<DunningPlan> plans = [];
        private Dictionary<Guid, Guid> overrides = [];
        private ILookup<Guid, Guid> disputed = Array.Empty<Guid>().ToLookup(g => g);
        private ILookup<Guid, PromiseToPay> promises = Array.Empty<PromiseToPay>().ToLookup(p => p.CustomerId);
        private ILookup<Guid, PaymentPlan> paymentPlans = Array.Empty<PaymentPlan>().ToLookup(p => p.CustomerId);
        private ILookup<Guid, DunningHold> holds = Array.Empty<DunningHold>().ToLookup(h => h.CustomerId);
        private ILookup<Guid, CustomerCredit> credits = Array.Empty<(Guid, CustomerCredit)>().ToLookup(c => c.Item1, c => c.Item2);

        public Dictionary<Guid, string> Refs { get; } = [];
        public List<StoredAction> Stored { get; private set; } = [];
        public ILookup<Guid, StoredAction> History { get; private set; } = Array.Empty<StoredAction>().ToLookup(s => s.CustomerId);
        public ILookup<Guid, Instalment> Instalments { get; private set; } = Array.Empty<Instalment>().ToLookup(i => i.InvoiceId);

        public static async Task<TenantState> LoadAsync(EncaisseDb db, DateOnly asOf, Guid? onlyCustomer, CancellationToken ct)
        {
            var state = new TenantState();
            var sql = new ReportingSql(db);
            var parameters = new Dictionary<string, object?> { ["tenant"] = db.TenantId, ["customer"] = onlyCustomer };
            var filter = onlyCustomer is null ? "" : " AND id = @customer";
            await using (var command = await sql.CommandAsync(
                "SELECT id, external_ref, kind, segment, risk_class, insolvency_opened_on, ceased_on FROM customers WHERE tenant_id = @tenant" + filter,
                parameters, ct))
            await using (var r = await command.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var id = r.GetGuid(0);
                    state.Refs[id] = r.GetString(1);
                    var profile = new PlanProfile(id, Enum.Parse<CustomerKind>(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
                    state.customers[id] = (profile, r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateOnly>(6));
                }
            }

            var instalmentFilter = onlyCustomer is null ? "" : " AND invoice_id IN (SELECT id FROM invoices WHERE customer_id = @customer)";
            var instalments = await sql.QueryAsync(
                "SELECT invoice_id, sequence, due_date, amount_minor FROM instalments WHERE tenant_id = @tenant" + instalmentFilter, parameters,
                r => new Instalment { InvoiceId = r.GetGuid(0), Sequence = r.GetInt32(1), DueDate = r.GetFieldValue<DateOnly>(2), AmountMinor = ReportingSql.Long(r, 3) },
                ct);
            state.Instalments = instalments.ToLookup(i => i.InvoiceId);

            var actions = db.Set<DunningAction>().AsNoTracking();
            state.Stored = await (onlyCustomer is { } one ? actions.Where(a => a.CustomerId == one) : actions)
                .Select(a => new StoredAction(a.Id, a.CustomerId, a.StepKey, a.StepNumber, a.Cycle, a.PlannedOn, a.Status, a.InvoiceIds))
                .ToListAsync(ct);
            state.History = state.Stored.Where(s => s.Status != DunningActionStatus.Planned).ToLookup(s => s.CustomerId);
            state.plans = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).ToListAsync(ct);
            state.overrides = await db.Set<DunningPlanOverride>().AsNoTracking().ToDictionaryAsync(o => o.CustomerId, o => o.PlanId, ct);
            state.disputed = (await (
                from d in db.Set<Dispute>().AsNoTracking()
                where d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview
                from di in d.Invoices
                select new { d.CustomerId, di.InvoiceId }).ToListAsync(ct)).ToLookup(x => x.CustomerId, x => x.InvoiceId);
            state.promises = (await db.Set<PromiseToPay>().AsNoTracking().Where(p => p.Status == PromiseStatus.Pending).ToListAsync(ct)).ToLookup(p => p.CustomerId);
            state.paymentPlans = (await db.Set<PaymentPlan>().AsNoTracking().Include(p => p.Instalments)
                .Where(p => p.Status == PaymentPlanStatus.Active).ToListAsync(ct)).ToLookup(p => p.CustomerId);
            state.holds = (await db.Set<DunningHold>().AsNoTracking().Where(h => h.Until == null || h.Until >= asOf).ToListAsync(ct)).ToLookup(h => h.CustomerId);
            state.credits = (await OpenCreditsAsync(sql, db.TenantId, asOf, onlyCustomer, ct)).ToLookup(c => c.Customer, c => c.Credit);
            return state;
        }

        /// <summary>
        /// Open credit notes and unapplied payments of the tenant, from the settled totals the ledger keeps (ADR 0610, 1100):
        /// usually few rows, read once per run.
        /// </summary>
        private static async Task<List<(Guid Customer, CustomerCredit Credit)>> OpenCreditsAsync(ReportingSql sql, Guid tenantId, DateOnly asOf, Guid? onlyCustomer,
            CancellationToken ct)
        {
            var parameters = new Dictionary<string, object?> { ["tenant"] = tenantId, ["asOf"] = asOf, ["customer"] = onlyCustomer };
            var invoiceFilter = onlyCustomer is null ? "" : " AND i.customer_id = @customer";
            var paymentFilter = onlyCustomer is null ? "" : " AND p.customer_id = @customer";
            return await sql.QueryAsync($"""
                SELECT i.customer_id, i.id, 0, i.number, i.issue_date, i.currency, i.gross_minor - i.{Ledger.Storage.SettledTotals.Column}
                FROM invoices i
                WHERE i.tenant_id = @tenant AND i.kind = 'CreditNote' AND i.cancelled_on IS NULL AND i.issue_date <= @asOf
                  AND i.gross_minor > i.{Ledger.Storage.SettledTotals.Column}{invoiceFilter}
                UNION ALL
                SELECT p.customer_id, p.id, 1, p.reference, p.received_on, p.currency, p.amount_minor - p.{Ledger.Storage.SettledTotals.PaymentColumn}
                FROM payments p
                WHERE p.tenant_id = @tenant AND p.customer_id IS NOT NULL AND p.received_on <= @asOf
                  AND p.amount_minor > p.{Ledger.Storage.SettledTotals.PaymentColumn}{paymentFilter}
                """, parameters,
                r => (r.GetGuid(0), new CustomerCredit(r.GetGuid(1), ReportingSql.Long(r, 2) == 0 ? CreditKind.CreditNote : CreditKind.UnappliedPayment,
                    r.GetString(3), r.GetFieldValue<DateOnly>(4), r.GetString(5), ReportingSql.Long(r, 6))), ct);
        }

        public CustomerSnapshot? Snapshot(Guid customerId, List<DunnableItem> items)
        {
            if (!customers.TryGetValue(customerId, out var c))
            {
                return null;
            }

            var past = History[customerId]
                .Select(s => new PastAction(s.StepKey, s.StepNumber, s.Cycle, s.PlannedOn, s.Status == DunningActionStatus.Sent, Ids(s.InvoiceIds),
                    s.Status == DunningActionStatus.AwaitingApproval))
                .ToList();
            return new CustomerSnapshot
            {
                Profile = c.Profile,
                InsolvencyOpenedOn = c.Insolvency,
                CeasedOn = c.Ceased,
                Plan = PlanFor(c.Profile),
                Items = items,
                History = past,
                DisputedInvoices = disputed.Contains(customerId) ? disputed[customerId].ToHashSet() : Empty,
                Promises = promises.Contains(customerId) ? promises[customerId].ToList() : [],
                PaymentPlans = paymentPlans.Contains(customerId) ? paymentPlans[customerId].ToList() : [],
                Holds = holds.Contains(customerId) ? holds[customerId].ToList() : [],
                LastContactOn = past.Where(p => p.Delivered).Select(p => (DateOnly?)p.PlannedOn).Max(),
                Credits = credits.Contains(customerId) ? credits[customerId].OrderBy(c => c.Date).ToList() : [],
            };
        }

        private static readonly HashSet<Guid> Empty = [];

        /// <summary>The choice depends only on kind, segment, risk class and override: computed once per combination.</summary>
        private DunningPlan? PlanFor(PlanProfile profile)
        {
            Guid? chosen = overrides.TryGetValue(profile.CustomerId, out var o) ? o : null;
            var key = (profile.Kind, profile.Segment, profile.RiskClass, chosen);
            if (!choices.TryGetValue(key, out var plan))
            {
                choices[key] = plan = PlanChoice.For(profile, plans, chosen);
            }

            return plan;
        }

        private readonly Dictionary<(CustomerKind, string?, string?, Guid?), DunningPlan?> choices = [];

        private static List<Guid> Ids(string csv) => csv.Length == 0 ? [] : csv.Split(',').Select(Guid.Parse).ToList();
    }
}
