using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Onboarding;

/// <summary>What a person grants a customer: a credit limit (encours) and / or payment terms; null leaves a value as it is.</summary>
public sealed record CreditGrant(decimal? CreditLimit, string? PaymentTerms, string? OverrideReason);

/// <summary>
/// Granting credit (ADR 1830): a limit above zero or payment terms other than cash is refused to a ceased company or one in a
/// collective procedure (what the registry watch or the onboarding check found) unless a person gives a reason; the override
/// (who, when, why, what) is kept and in the audit trail.
/// </summary>
public static class CreditGrants
{
    /// <summary>Why credit is refused to <paramref name="customer"/> (ceased, procedure, ceased+procedure), or null.</summary>
    public static async Task<string?> RefusalAsync(EncaisseDb db, Customer customer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var latest = (await db.Set<CompanyCheck>().AsNoTracking().Where(c => c.CustomerId == customer.Id)
            .OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct));
        return RefusalOf(customer, latest is null ? [] : [latest]);
    }

    /// <summary><see cref="RefusalAsync"/> from the customer's checks the caller has read (any order: the latest by date of check counts).</summary>
    public static string? RefusalOf(Customer customer, IEnumerable<CompanyCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(checks);
        var latest = checks.OrderByDescending(c => c.CheckedOn).ThenByDescending(c => c.Id).FirstOrDefault();
        var ceased = customer.CeasedOn is not null || latest is { Found: true, Active: false };
        var procedure = customer.InsolvencyOpenedOn is not null || (latest is { CreditRefused: true } && latest.Active);
        return (ceased, procedure) switch
        {
            (true, true) => "ceased+procedure",
            (true, false) => "ceased",
            (false, true) => "procedure",
            _ => null,
        };
    }

    /// <summary>Whether the grant gives credit: a limit above zero, or terms that are not cash.</summary>
    public static bool GivesCredit(decimal? limit, string? terms) =>
        limit is > 0 || (terms is not null && PaymentTerms.TryParse(terms, out var t) && !(t.Kind == TermsKind.Net && t.Days == 0));

    /// <summary>
    /// The refusal of a grant, or null when it may go on; with a reason given, the override is recorded (tracked, saved by the
    /// caller's unit of work).
    /// </summary>
    public static async Task<OperationError?> CheckAsync(EncaisseDb db, Customer customer, decimal? limit, string? terms, string? overrideReason,
        string currency, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        if (!GivesCredit(limit, terms) || await RefusalAsync(db, customer, ct) is not { } refusal)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(overrideReason))
        {
            return OperationError.Conflict("risk.creditRefused", ("customer", customer.ExternalRef), ("refusal", new Localization.Word("refusal." + refusal)));
        }

        db.Add(new CreditOverride
        {
            TenantId = db.TenantId, CustomerId = customer.Id, Reason = overrideReason.Trim().Length > 1000 ? overrideReason.Trim()[..1000] : overrideReason.Trim(),
            By = db.Actor?.Id ?? "system", At = now, Refusal = refusal,
            CreditLimitMinor = limit is { } l ? Currencies.ToMinor(l, currency) : null, PaymentTerms = terms,
        });
        db.Add(TimelineText.Entry(db.TenantId, customer.Id, now, "risk.override", db.Actor?.Id ?? "system",
            TimelineText.Of("onboarding.override", ("refusal", new Localization.Word("refusal." + refusal)), ("reason", overrideReason.Trim())),
            data: new { refusal, limit, terms }));
        return null;
    }

    /// <summary>
    /// Grants a limit and / or terms (<c>encaisse risk grant</c>, <c>POST /customers/{ref}/credit</c>, the customer page), refused
    /// as <see cref="CheckAsync"/> says. The change is in the audit trail as <c>customer.creditGranted</c>.
    /// </summary>
    public static async Task<Result<Customer>> GrantAsync(EncaisseDb db, Tenant tenant, TimeProvider clock, string customerRef, CreditGrant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(grant);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerRef));
        }

        if (grant.CreditLimit is < 0 or > 1_000_000_000_000m)
        {
            return OperationError.InvalidField("creditLimit", grant.CreditLimit?.ToString(CultureInfo.InvariantCulture), "customer.creditLimit");
        }

        if (grant.PaymentTerms is not null && !PaymentTerms.TryParse(grant.PaymentTerms, out _))
        {
            return OperationError.InvalidField("paymentTerms", grant.PaymentTerms, "risk.grant.terms");
        }

        if (grant.CreditLimit is null && grant.PaymentTerms is null)
        {
            return OperationError.InvalidField("creditLimit", null, "risk.grant.nothing");
        }

        var now = clock.GetUtcNow();
        if (await CheckAsync(db, customer, grant.CreditLimit, grant.PaymentTerms, grant.OverrideReason, tenant.Currency, now, ct) is { } refused)
        {
            return refused;
        }

        if (grant.CreditLimit is { } limit)
        {
            customer.CreditLimitMinor = Currencies.ToMinor(limit, tenant.Currency);
        }

        if (grant.PaymentTerms is { } terms)
        {
            customer.PaymentTerms = terms.Trim();
        }

        customer.UpdatedAt = now;
        using var audit = db.AuditAs("customer.creditGranted");
        await db.SaveChangesAsync(ct);
        return Result.Ok(customer);
    }
}
