using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Onboarding;

/// <summary>The tenant's <see cref="CreditPolicy"/> (deposit, terms and starting limit per class; onboarding thresholds).</summary>
public static class RiskPolicies
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The policy in force: the tenant's, else the documented defaults.</summary>
    public static async Task<CreditPolicy> LoadAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Set<RiskPolicy>().AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null ? new CreditPolicy() : Parse(row.Rules);
    }

    public static CreditPolicy Parse(string json)
    {
        var stored = JsonSerializer.Deserialize<CreditPolicy>(string.IsNullOrWhiteSpace(json) ? "{}" : json, Json) ?? new CreditPolicy();
        // Classes left out keep their defaults.
        var classes = new Dictionary<string, ClassTerms>(CreditPolicy.DefaultClasses, StringComparer.Ordinal);
        foreach (var (name, terms) in stored.Classes ?? CreditPolicy.DefaultClasses)
        {
            classes[name.ToUpperInvariant()] = terms;
        }

        return stored with { Classes = classes };
    }

    /// <summary>
    /// Replaces the tenant's policy (API <c>PUT /risk/policy</c>, CLI <c>risk policy set</c>); classes left out keep their
    /// values. In the audit trail as a <c>risk_policy</c> change. The settings page (Settings › Politique de crédit) calls it too.
    /// Nothing is written unless the whole policy is valid.
    /// </summary>
    public static async Task<Result<CreditPolicy>> SaveAsync(EncaisseDb db, CreditPolicy policy, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var current = await LoadAsync(db, ct);
        var classes = new Dictionary<string, ClassTerms>(current.Classes, StringComparer.Ordinal);
        foreach (var (name, terms) in policy.Classes)
        {
            classes[name.ToUpperInvariant()] = terms;
        }

        var merged = policy with { Classes = classes };
        var errors = merged.Validate();
        if (errors.Count > 0)
        {
            // The codes per field travel as data ("codes": field -> catalogue code), so a page writes each reason in its reader's language.
            var error = OperationError.InvalidFields(errors.Select(e => new FieldError(e.Field, null, OperationError.Invalid(e.Code).Message("en"))).ToList(), "risk.policy.invalid");
            return error with { Data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["codes"] = errors.ToDictionary(e => e.Field, e => e.Code, StringComparer.Ordinal) } };
        }

        var row = await db.Set<RiskPolicy>().SingleOrDefaultAsync(ct);
        if (row is null)
        {
            row = new RiskPolicy { TenantId = db.TenantId };
            db.Add(row);
        }

        row.Rules = JsonSerializer.Serialize(merged, Json);
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok(merged);
    }
}
