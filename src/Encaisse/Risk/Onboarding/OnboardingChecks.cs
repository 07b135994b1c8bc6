using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Risk.Registries;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Onboarding;

/// <summary>The outcome of asking for a check: done (with the check) or pending (queued: a registry did not answer).</summary>
public sealed record CheckOutcome(string CustomerRef, string Status, CompanyCheck? Check, OnboardingAdvice? Advice, string? Error, DateTimeOffset? NextAttemptAt)
{
    public const string Done = "done";
    public const string Pending = "pending";
}

/// <summary>What the queue worker did in one pass.</summary>
public sealed record QueueReport(int Done, int StillPending, int Skipped);

/// <summary>
/// The onboarding check (issue 18, ADR 1830): a customer's company looked up in the company registry and BODACC, the facts
/// stored with their date (<see cref="CompanyCheck"/>, history), the differences of name and address reported, the
/// registry's consequences applied as the daily watch does (ceased / procedure: hold, alert, proof-of-claim task), and the
/// starting class, limit, terms and deposit derived by <see cref="OnboardingRule"/>. A registry outage never blocks anything:
/// the check stays queued (<see cref="CompanyCheckRequest"/>) and the onboarding job retries it with a growing delay.
/// </summary>
public sealed class OnboardingChecks(EncaisseDb db, Tenant tenant, TimeProvider clock, RegistryMonitor registries)
{
    /// <summary>BODACC publications kept per check.</summary>
    public const int PublicationsKept = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Delay before attempt <paramref name="attempts"/>+1: 1, 5, 15 minutes, 1, 3 hours, then every 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(15),
        4 => TimeSpan.FromHours(1),
        5 => TimeSpan.FromHours(3),
        _ => TimeSpan.FromHours(6),
    };

    /// <summary>Whether a customer can be looked up: a business with a SIREN (or a SIRET).</summary>
    public static string? SirenOf(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (customer.Kind != CustomerKind.Business)
        {
            return null;
        }

        var digits = new string((customer.Siren ?? customer.Siret ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length is 9 or 14 ? digits[..9] : null;
    }

    /// <summary>
    /// Queues a check of <paramref name="customer"/> (tracked; saved with the caller's unit of work): due at once, or kept as it
    /// is when one is already waiting. Nothing for a customer that cannot be looked up.
    /// </summary>
    public static void Request(EncaisseDb db, Customer customer, string trigger, string? by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        // An erased (pseudonymised) customer is never looked up again: the registry would give its name back (ADR 1841).
        if (SirenOf(customer) is null || customer.PseudonymisedAt is not null
            || db.ChangeTracker.Entries<CompanyCheckRequest>().Any(e => e.Entity.CustomerId == customer.Id))
        {
            return;
        }

        db.Add(new CompanyCheckRequest
        {
            TenantId = db.TenantId, CustomerId = customer.Id, Trigger = trigger, RequestedBy = by, RequestedAt = now, NextAttemptAt = now,
        });
    }

    /// <summary>As <see cref="Request"/> for a customer that may already have a check waiting in the database.</summary>
    public static async Task RequestAsync(EncaisseDb db, Customer customer, string trigger, string? by, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        if (!await db.Set<CompanyCheckRequest>().AnyAsync(r => r.CustomerId == customer.Id, ct))
        {
            Request(db, customer, trigger, by, now);
        }
    }

    /// <summary>
    /// Checks a customer now (<c>encaisse risk check</c>, <c>POST /customers/{ref}/risk/check</c>, the page's button). When a
    /// registry does not answer, the check is queued and the outcome is <see cref="CheckOutcome.Pending"/> (not an error).
    /// </summary>
    public async Task<Result<CheckOutcome>> CheckNowAsync(string customerRef, string trigger, string? by, CancellationToken ct)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerRef));
        }

        if (SirenOf(customer) is null)
        {
            return OperationError.Invalid("risk.check.noSiren", ("customer", customerRef));
        }

        if (customer.PseudonymisedAt is not null)
        {
            return OperationError.Conflict("risk.check.erased", ("customer", customerRef));
        }

        var request = await db.Set<CompanyCheckRequest>().SingleOrDefaultAsync(r => r.CustomerId == customer.Id, ct);
        try
        {
            var (check, advice) = await CheckAsync(customer, request?.Trigger ?? trigger, by, ct);
            if (request is not null)
            {
                db.Remove(request);
            }

            await db.SaveChangesAsync(ct);
            return Result.Ok(new CheckOutcome(customer.ExternalRef, CheckOutcome.Done, check, advice, null, null));
        }
        catch (RegistryUnavailableException e)
        {
            DiscardUnsaved();
            request = await db.Set<CompanyCheckRequest>().SingleOrDefaultAsync(r => r.CustomerId == customer.Id, ct);
            var now = clock.GetUtcNow();
            if (request is null)
            {
                request = new CompanyCheckRequest { TenantId = db.TenantId, CustomerId = customer.Id, Trigger = trigger, RequestedBy = by, RequestedAt = now };
                db.Add(request);
            }

            Failed(request, e.Message, now);
            await db.SaveChangesAsync(ct);
            return Result.Ok(new CheckOutcome(customer.ExternalRef, CheckOutcome.Pending, null, null, e.Message, request.NextAttemptAt));
        }
    }

    /// <summary>
    /// The queue worker: the checks due (at most <paramref name="max"/>), each claimed by a conditional update so that two
    /// nodes never do the same one; done ones leave the queue, failed ones wait for their next attempt.
    /// </summary>
    public async Task<QueueReport> ProcessDueAsync(string runner, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Filtered here: SQLite cannot compare DateTimeOffset values (the queue is short).
        var due = (await db.Set<CompanyCheckRequest>().AsNoTracking().ToListAsync(ct))
            .Where(r => r.NextAttemptAt <= now && (r.ClaimedBy is null || r.ClaimedUntil < now))
            .OrderBy(r => r.NextAttemptAt).Take(max).ToList();
        int done = 0, pending = 0, skipped = 0;
        foreach (var candidate in due)
        {
            var claimedUntil = now + TimeSpan.FromMinutes(5);
            var previous = candidate.ClaimedBy;
            var claimed = await db.Set<CompanyCheckRequest>()
                .Where(r => r.CustomerId == candidate.CustomerId && r.Attempts == candidate.Attempts && r.ClaimedBy == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedBy, runner).SetProperty(r => r.ClaimedUntil, claimedUntil), ct);
            if (claimed != 1)
            {
                skipped++;
                continue;
            }

            db.ChangeTracker.Clear();
            var request = await db.Set<CompanyCheckRequest>().SingleAsync(r => r.CustomerId == candidate.CustomerId, ct);
            var customer = await db.Customers.SingleAsync(c => c.Id == candidate.CustomerId, ct);
            if (SirenOf(customer) is null || customer.PseudonymisedAt is not null)
            {
                db.Remove(request);
                await db.SaveChangesAsync(ct);
                skipped++;
                continue;
            }

            try
            {
                await CheckAsync(customer, request.Attempts > 0 ? "retry" : request.Trigger, request.RequestedBy, ct);
                db.Remove(request);
                await db.SaveChangesAsync(ct);
                done++;
            }
            catch (RegistryUnavailableException e)
            {
                DiscardUnsaved();
                request = await db.Set<CompanyCheckRequest>().SingleAsync(r => r.CustomerId == candidate.CustomerId, ct);
                Failed(request, e.Message, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                pending++;
            }
        }

        return new QueueReport(done, pending, skipped);
    }

    private static void Failed(CompanyCheckRequest request, string error, DateTimeOffset now)
    {
        request.Attempts++;
        request.LastError = error.Length > 500 ? error[..500] : error;
        request.NextAttemptAt = now + Backoff(request.Attempts);
        request.ClaimedBy = null;
        request.ClaimedUntil = null;
    }

    private void DiscardUnsaved()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
        {
            entry.State = entry.State == EntityState.Added ? EntityState.Detached : EntityState.Unchanged;
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>Looks the company up, stores the check and applies what it found (not saved: the caller saves).</summary>
    private async Task<(CompanyCheck Check, OnboardingAdvice Advice)> CheckAsync(Customer customer, string trigger, string? by, CancellationToken ct)
    {
        var siren = SirenOf(customer)!;
        var company = await registries.Companies.FindAsync(siren, ct);
        var notices = await registries.Bodacc.CollectiveNoticesAsync(siren, ct);
        var publications = await registries.Bodacc.PublicationsAsync(siren, PublicationsKept, ct);
        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var policy = await RiskPolicies.LoadAsync(db, ct);
        var facts = new CompanyFacts(company is not null, company?.Active ?? false, company?.CreatedOn, company?.CeasedOn, notices, company?.Accounts ?? []);
        var advice = OnboardingRule.Assess(facts, today, policy);
        var check = new CompanyCheck
        {
            TenantId = db.TenantId, CustomerId = customer.Id, CheckedOn = today, CheckedAt = clock.GetUtcNow(), Trigger = trigger, RequestedBy = Trim(by, 100),
            Siren = siren, Found = company is not null, Active = company?.Active ?? false, RegistryName = Trim(company?.LegalName, 300), LegalForm = company?.LegalForm,
            CreatedOn = company?.CreatedOn, CeasedOn = company?.CeasedOn, ActivityCode = company?.ActivityCode, HeadcountBand = company?.HeadcountBand,
            HeadOfficeSiret = company?.HeadOfficeSiret, HeadOfficeAddress = Trim(company?.HeadOfficeAddress, 300), HeadOfficePostalCode = company?.HeadOfficePostalCode,
            HeadOfficeCity = Trim(company?.HeadOfficeCity, 100),
            Notices = JsonSerializer.Serialize(notices, Json),
            Publications = JsonSerializer.Serialize(publications, Json),
            Accounts = JsonSerializer.Serialize(company?.Accounts ?? [], Json),
            NameDiffers = company is not null && !RegistryComparison.SameName(customer.LegalName, company.LegalName),
            AddressDiffers = company is not null && !RegistryComparison.SameAddress(customer.BillingAddress.Line1, customer.BillingAddress.Line2,
                customer.BillingAddress.PostalCode, company.HeadOfficeAddress, company.HeadOfficePostalCode),
            RiskClass = advice.RiskClass, CreditRefused = advice.CreditRefused,
        };
        db.Add(check);

        // The registry's consequences, as the daily watch applies them (idempotent: keyed by their alerts).
        var metropolitan = InsolvencyNotices.IsMetropolitanFrance(tenant.Address.Country, tenant.Address.PostalCode);
        var outcome = await RegistryMonitor.ApplyAsync(db, customer, company, notices, today, metropolitan, clock, ct);
        var watch = await db.Set<RegistryCheck>().SingleOrDefaultAsync(c => c.CustomerId == customer.Id, ct);
        if (watch is null)
        {
            watch = new RegistryCheck { TenantId = db.TenantId, CustomerId = customer.Id };
            db.Add(watch);
        }

        (watch.CheckedOn, watch.CheckedAt, watch.Status) = (today, clock.GetUtcNow(), outcome.Status);
        db.Add(TimelineText.Entry(db.TenantId, customer.Id, clock.GetUtcNow(), "registry.check", by ?? "system",
            TimelineText.Of(advice.CreditRefused ? "onboarding.refused" : "onboarding.checked", ("class", advice.RiskClass),
                ("differences", Differences(check))),
            data: new { siren, check = check.Id, riskClass = advice.RiskClass, advice.CreditRefused, check.NameDiffers, check.AddressDiffers, trigger }));
        return (check, advice);
    }

    private static Localization.Nested? Differences(CompanyCheck check) =>
        (check.NameDiffers, check.AddressDiffers) switch
        {
            (true, true) => new("timeline.onboarding.diff.both"),
            (true, false) => new("timeline.onboarding.diff.name"),
            (false, true) => new("timeline.onboarding.diff.address"),
            _ => null,
        };

    private static string? Trim(string? text, int max) => text is null ? null : text.Length > max ? text[..max] : text;

    /// <summary>The facts of a stored check, as the rule reads them.</summary>
    public static CompanyFacts FactsOf(CompanyCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new CompanyFacts(check.Found, check.Active, check.CreatedOn, check.CeasedOn,
            JsonSerializer.Deserialize<List<InsolvencyNotice>>(check.Notices, Json) ?? [],
            JsonSerializer.Deserialize<List<PublishedAccounts>>(check.Accounts, Json) ?? []);
    }

    public static IReadOnlyList<BodaccPublication> PublicationsOf(CompanyCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return JsonSerializer.Deserialize<List<BodaccPublication>>(check.Publications, Json) ?? [];
    }
}
