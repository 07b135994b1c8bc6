using System.Globalization;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Registries;

/// <summary>What the monitoring found for one customer: ok, ceased, insolvency, unknown (not in the registry), unavailable.</summary>
public sealed record MonitorOutcome(string CustomerRef, string Status, string? Detail);

/// <summary>
/// The daily registry watch (called by the server's scheduler and by <c>encaisse risk monitor</c>). For each
/// business customer with a SIREN: a ceased company, or a BODACC opening judgment published in the last 12
/// months, raises an alert, sets the customer's insolvency fields, puts an Insolvency dunning hold (no reminders,
/// no penalties), creates the proof-of-claim task with its deadline and writes the timeline. Idempotent: each
/// finding is keyed by its alert, so a second run changes nothing.
/// </summary>
public sealed class RegistryMonitor(CompanyRegistry companies, BodaccRegistry bodacc)
{
    /// <summary>Notices older than this are history, not news.</summary>
    public const int LookBackMonths = 12;

    public static RegistryMonitor Create(RegistryOptions options, TimeProvider clock, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RegistryMonitor(
            new CompanyRegistry(new RegistryHttp("API Recherche d'entreprises", options.RechercheEntreprisesUrl, options.RechercheEntreprisesPerSecond, options, clock, handler), options),
            new BodaccRegistry(new RegistryHttp("BODACC", options.BodaccUrl, options.BodaccPerSecond, options, clock, handler), options));
    }

    public async Task<IReadOnlyList<MonitorOutcome>> RunAsync(
        EncaisseDb db, Tenant tenant, DateOnly asOf, TimeProvider clock, CancellationToken ct, string? customerRef = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        var customers = await db.Customers
            .Where(c => c.Kind == CustomerKind.Business && c.Siren != null && (customerRef == null || c.ExternalRef == customerRef))
            .OrderBy(c => c.ExternalRef).ToListAsync(ct);
        var metropolitan = InsolvencyNotices.IsMetropolitanFrance(tenant.Address.Country, tenant.Address.PostalCode);
        var outcomes = new List<MonitorOutcome>();
        foreach (var customer in customers)
        {
            try
            {
                outcomes.Add(await CheckAsync(db, customer, asOf, metropolitan, clock, ct));
                await db.SaveChangesAsync(ct);
            }
            catch (RegistryUnavailableException e)
            {
                outcomes.Add(new MonitorOutcome(customer.ExternalRef, "unavailable", e.Message));
            }
        }

        return outcomes;
    }

    private async Task<MonitorOutcome> CheckAsync(EncaisseDb db, Customer customer, DateOnly asOf, bool metropolitan, TimeProvider clock, CancellationToken ct)
    {
        var siren = customer.Siren!;
        var company = await companies.FindAsync(siren, ct);
        var findings = new List<string>();
        if (company is not null && !company.Active && customer.CeasedOn is null)
        {
            customer.CeasedOn = company.CeasedOn ?? asOf;
            var raised = await AlertBook.SyncAsync(db, [new AlertDraft(customer.Id, "registry.ceased", $"registry.ceased:{customer.Id:N}", AlertSeverity.Critical,
                $"{customer.ExternalRef}: the registry reports the company ceased on {customer.CeasedOn:yyyy-MM-dd}")], asOf, clock, ct);
            if (raised.Count > 0)
            {
                await HoldAsync(db, customer, asOf, "Company ceased (registry)", clock, ct);
                Timeline(db, customer, clock, $"Registry: company ceased on {customer.CeasedOn:yyyy-MM-dd}", new { siren, ceasedOn = customer.CeasedOn });
            }

            findings.Add("ceased");
        }

        var notices = await bodacc.CollectiveNoticesAsync(siren, ct);
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
            db.Add(new CollectionTask
            {
                TenantId = db.TenantId, CustomerId = customer.Id, Kind = CollectionTaskKind.ProofOfClaim,
                Title = $"Déclaration de créance au mandataire judiciaire avant le {deadline.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("fr-FR"))} (BODACC du {notice.PublishedOn.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("fr-FR"))}, {kind})",
                DueOn = deadline, AssignedTo = customer.Collector, CreatedAt = clock.GetUtcNow(),
            });
            Timeline(db, customer, clock, $"BODACC: {notice.JudgmentNature ?? kind} ({notice.Court}); dunning frozen; proof of claim due {deadline:yyyy-MM-dd}",
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
                TenantId = db.TenantId, CustomerId = customer.Id, Kind = DunningHoldKind.Insolvency, Reason = reason, From = from,
                CreatedBy = "registry-monitor", CreatedAt = clock.GetUtcNow(),
            });
        }
    }

    private static void Timeline(EncaisseDb db, Customer customer, TimeProvider clock, string summary, object data) =>
        db.Add(new TimelineEvent
        {
            TenantId = db.TenantId, CustomerId = customer.Id, At = clock.GetUtcNow(), Kind = "registry.alert", Summary = summary,
            Actor = "scheduler", Data = JsonSerializer.Serialize(data),
        });
}
