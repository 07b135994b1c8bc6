using System.Globalization;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Timeout;

namespace Encaisse.Risk.Registries;

/// <summary>
/// What the monitoring found for one customer: ok, ceased, insolvency, unknown (not in the registry), unavailable (a
/// registry did not answer, or its circuit is open), unchecked (the time budget was spent first), skipped (already
/// checked on that day by an earlier attempt of the same run).
/// </summary>
public sealed record MonitorOutcome(string CustomerRef, string Status, string? Detail)
{
    /// <summary>True when both registries answered for this customer today.</summary>
    public bool Checked => Status is not ("unavailable" or "unchecked" or "skipped");
}

/// <summary>
/// How the daily job bounds the watch so that it never holds the reminders back: a time budget (customers not reached
/// are "unchecked" and come first next time), at most <see cref="Parallelism"/> customers in flight, and customers
/// already checked on <see cref="SkipCheckedOn"/> skipped (a resumed run goes on where it stopped).
/// </summary>
public sealed record MonitorLimits(TimeSpan? Budget = null, int Parallelism = 4, DateOnly? SkipCheckedOn = null);

/// <summary>
/// The daily registry watch (called by the server's scheduler and by <c>encaisse risk monitor</c>). For each
/// business customer with a SIREN: a ceased company, or a BODACC opening judgment published in the last 12
/// months, raises an alert, sets the customer's insolvency fields, puts an Insolvency dunning hold (no reminders,
/// no penalties), creates the proof-of-claim task with its deadline and writes the timeline. Idempotent: each
/// finding is keyed by its alert, so a second run changes nothing. Registry calls run in parallel (bounded; the
/// clients' rate limits and circuit breakers still apply), database writes one customer at a time; customers never or
/// least recently checked go first (<see cref="RegistryCheck"/>).
/// </summary>
public sealed class RegistryMonitor(CompanyRegistry companies, BodaccRegistry bodacc, RegistryOptions? options = null)
{
    /// <summary>Notices older than this are history, not news.</summary>
    public const int LookBackMonths = 12;

    /// <summary>The options the clients were built with (the daily job reads its budget and parallelism there).</summary>
    public RegistryOptions Options { get; } = options ?? new RegistryOptions();

    /// <summary>The company registry client (shared with the onboarding check: one rate limit and cache per process).</summary>
    public CompanyRegistry Companies { get; } = companies;

    /// <summary>The BODACC client (shared with the onboarding check).</summary>
    public BodaccRegistry Bodacc { get; } = bodacc;

    /// <summary>The limits of the daily job: its budget and parallelism, customers already checked on <paramref name="day"/> skipped.</summary>
    public MonitorLimits DailyLimits(DateOnly day) => new(Options.MonitorBudget, Options.MonitorParallelism, day);

    public static RegistryMonitor Create(RegistryOptions options, TimeProvider clock, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RegistryMonitor(
            new CompanyRegistry(new RegistryHttp("API Recherche d'entreprises", options.RechercheEntreprisesUrl, options.RechercheEntreprisesPerSecond, options, clock, handler), options),
            new BodaccRegistry(new RegistryHttp("BODACC", options.BodaccUrl, options.BodaccPerSecond, options, clock, handler), options),
            options);
    }

    public async Task<IReadOnlyList<MonitorOutcome>> RunAsync(
        EncaisseDb db, Tenant tenant, DateOnly asOf, TimeProvider clock, CancellationToken ct, string? customerRef = null, MonitorLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(clock);
        limits ??= new MonitorLimits();
        var customers = await db.Customers
            .Where(c => c.Kind == CustomerKind.Business && c.Siren != null && (customerRef == null || c.ExternalRef == customerRef))
            .ToListAsync(ct);
        var checks = await db.Set<RegistryCheck>().ToDictionaryAsync(c => c.CustomerId, ct);
        var metropolitan = InsolvencyNotices.IsMetropolitanFrance(tenant.Address.Country, tenant.Address.PostalCode);
        var outcomes = new Dictionary<Guid, MonitorOutcome>();
        // Never checked first, then the least recently checked: what a budget left out yesterday is checked first today.
        var order = customers.OrderBy(c => checks.TryGetValue(c.Id, out var k) ? k.CheckedOn : DateOnly.MinValue).ThenBy(c => c.ExternalRef, StringComparer.Ordinal).ToList();
        var todo = new List<Customer>();
        foreach (var customer in order)
        {
            if (limits.SkipCheckedOn is { } day && checks.TryGetValue(customer.Id, out var check) && check.CheckedOn >= day)
            {
                outcomes[customer.Id] = new MonitorOutcome(customer.ExternalRef, "skipped", $"checked on {check.CheckedOn:yyyy-MM-dd} ({check.Status})");
            }
            else
            {
                todo.Add(customer);
            }
        }

        // The time budget is a Polly timeout around the whole watch: when it fires, the calls in flight are cancelled.
        var budget = limits.Budget is { } b
            ? new ResiliencePipelineBuilder { TimeProvider = clock }.AddTimeout(b).Build()
            : ResiliencePipeline.Empty;
        using var writer = new SemaphoreSlim(1, 1);
        try
        {
            await budget.ExecuteAsync(async watch => await Parallel.ForEachAsync(todo,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, limits.Parallelism), CancellationToken = watch },
                async (customer, token) =>
                {
                    (CompanyRecord? Company, IReadOnlyList<InsolvencyNotice> Notices) facts;
                    try
                    {
                        facts = (await Companies.FindAsync(customer.Siren!, token), await Bodacc.CollectiveNoticesAsync(customer.Siren!, token));
                    }
                    catch (RegistryUnavailableException e)
                    {
                        lock (outcomes)
                        {
                            outcomes[customer.Id] = new MonitorOutcome(customer.ExternalRef, "unavailable", e.Message);
                        }

                        return;
                    }

                    // The answers are in: they are applied even if the budget runs out meanwhile (the run's own token).
                    await writer.WaitAsync(ct);
                    try
                    {
                        var outcome = await ApplyAsync(db, customer, facts.Company, facts.Notices, asOf, metropolitan, clock, ct);
                        if (!checks.TryGetValue(customer.Id, out var check))
                        {
                            check = new RegistryCheck { TenantId = db.TenantId, CustomerId = customer.Id };
                            db.Add(check);
                            checks[customer.Id] = check;
                        }

                        check.CheckedOn = asOf;
                        check.CheckedAt = clock.GetUtcNow();
                        check.Status = outcome.Status;
                        await db.SaveChangesAsync(ct);
                        lock (outcomes)
                        {
                            outcomes[customer.Id] = outcome;
                        }
                    }
                    finally
                    {
                        writer.Release();
                    }
                }), ct);
        }
        catch (TimeoutRejectedException)
        {
            // The budget is spent: what was not reached is reported "unchecked" and checked first next time.
        }

        return order.Select(c => outcomes.TryGetValue(c.Id, out var o) ? o
                : new MonitorOutcome(c.ExternalRef, "unchecked", $"not checked: the {limits.Budget?.TotalSeconds:0} s registry budget was spent; checked first next time"))
            .OrderBy(o => o.CustomerRef, StringComparer.Ordinal).ToList();
    }

    /// <summary>The consequences of what the registries say about one customer (also applied by the onboarding check).</summary>
    internal static async Task<MonitorOutcome> ApplyAsync(EncaisseDb db, Customer customer, CompanyRecord? company, IReadOnlyList<InsolvencyNotice> notices,
        DateOnly asOf, bool metropolitan, TimeProvider clock, CancellationToken ct)
    {
        var siren = customer.Siren!;
        var findings = new List<string>();
        if (company is not null && !company.Active && customer.CeasedOn is null)
        {
            customer.CeasedOn = company.CeasedOn ?? asOf;
            var raised = await AlertBook.SyncAsync(db, [new AlertDraft(customer.Id, "registry.ceased", $"registry.ceased:{customer.Id:N}", AlertSeverity.Critical,
                $"{customer.ExternalRef}: the registry reports the company ceased on {customer.CeasedOn:yyyy-MM-dd}")], asOf, clock, ct);
            if (raised.Count > 0)
            {
                await HoldAsync(db, customer, asOf, "Company ceased (registry)", clock, ct);
                Timeline(db, customer, clock, TimelineText.Of("registry.ceased", ("date", customer.CeasedOn)), new { siren, ceasedOn = customer.CeasedOn });
            }

            findings.Add("ceased");
        }

        foreach (var notice in notices.Where(n => n.Opens is not null && n.PublishedOn > asOf.AddMonths(-LookBackMonths) && n.PublishedOn <= asOf))
        {
            var kind = notice.Opens!.Value.ToString().ToLowerInvariant();
            var deadline = InsolvencyNotices.ProofOfClaimDeadline(notice.PublishedOn, metropolitan);
            var raised = await AlertBook.SyncAsync(db, [new AlertDraft(customer.Id, "registry.insolvency", $"registry.insolvency:{notice.NoticeId}", AlertSeverity.Critical,
                $"{customer.ExternalRef}: BODACC {notice.PublishedOn:yyyy-MM-dd}: {notice.JudgmentNature ?? kind}; declare the claim by {deadline:yyyy-MM-dd}")], asOf, clock, ct);
            if (raised.Count == 0)
            {
                continue;
            }

            var opened = notice.JudgmentDate ?? notice.PublishedOn;
            if (customer.InsolvencyOpenedOn is null || opened >= customer.InsolvencyOpenedOn)
            {
                customer.InsolvencyOpenedOn = opened;
                customer.InsolvencyKind = kind;
            }

            await HoldAsync(db, customer, opened, $"Collective procedure ({kind}) published in BODACC on {notice.PublishedOn:yyyy-MM-dd}", clock, ct);
            var title = Encaisse.Dunning.Tasks.TaskTitles.Of("proofOfClaim", ("deadline", deadline), ("published", notice.PublishedOn), ("kind", kind));
            db.Add(new CollectionTask
            {
                TenantId = db.TenantId,
                CustomerId = customer.Id,
                Kind = CollectionTaskKind.ProofOfClaim,
                Title = title.French,
                TitleText = title.Stored,
                DueOn = deadline,
                AssignedTo = customer.Collector,
                CreatedAt = clock.GetUtcNow(),
            });
            Timeline(db, customer, clock, TimelineText.Of("registry.procedure", ("judgment", notice.JudgmentNature ?? kind), ("court", notice.Court), ("deadline", deadline)),
                new { notice = notice.NoticeId, published = notice.PublishedOn, kind, deadline });
            findings.Add("insolvency");
        }

        return new MonitorOutcome(customer.ExternalRef, company is null && notices.Count == 0 ? "unknown" : findings.Count == 0 ? "ok" : string.Join('+', findings.Distinct()),
            company is null ? null : $"{(company.Active ? "active" : "ceased")}, {notices.Count} collective notice(s)");
    }

    private static async Task HoldAsync(EncaisseDb db, Customer customer, DateOnly from, string reason, TimeProvider clock, CancellationToken ct)
    {
        var held = await db.Set<DunningHold>().AnyAsync(h => h.CustomerId == customer.Id && h.InvoiceId == null && h.Kind == DunningHoldKind.Insolvency && h.Until == null, ct)
            || db.ChangeTracker.Entries<DunningHold>().Any(e => e.Entity.CustomerId == customer.Id && e.Entity.Kind == DunningHoldKind.Insolvency);
        if (!held)
        {
            db.Add(new DunningHold
            {
                TenantId = db.TenantId,
                CustomerId = customer.Id,
                Kind = DunningHoldKind.Insolvency,
                Reason = reason,
                From = from,
                CreatedBy = "registry-monitor",
                CreatedAt = clock.GetUtcNow(),
            });
        }
    }

    private static void Timeline(EncaisseDb db, Customer customer, TimeProvider clock, System.Text.Json.Nodes.JsonObject text, object data) =>
        db.Add(TimelineText.Entry(db.TenantId, customer.Id, clock.GetUtcNow(), "registry.alert", "scheduler", text, data: data));
}
