using Encaisse.Dunning.Templates;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Plans;

/// <summary>Creates, replaces and assigns dunning plans after <see cref="PlanInputs.Validate"/> (settings page; same rules as the API).</summary>
public static class PlanStore
{
    /// <summary>
    /// The input's problems plus those that need the database: a duplicate name, an unknown template key.
    /// Keys are the API's (name, steps[2].templateKey...).
    /// </summary>
    public static async Task<Dictionary<string, string[]>> CheckAsync(EncaisseDb db, PlanInput input, Guid? planId, CancellationToken ct)
    {
        var errors = PlanInputs.Validate(input);
        var name = input.Name?.Trim() ?? "";
        if (name.Length > 0 && await db.Set<DunningPlan>().AnyAsync(p => p.Name == name && p.Id != planId, ct))
        {
            errors["name"] = [$"A plan named '{name}' exists."];
        }

        var own = await db.Set<DunningTemplate>().Select(t => t.Key).Distinct().ToListAsync(ct);
        for (var i = 0; i < (input.Steps?.Count ?? 0); i++)
        {
            var step = input.Steps![i];
            var key = step.TemplateKey?.Trim() ?? "";
            if (key.Length > 0 && step.Channel is not (DunningChannel.Call or DunningChannel.Task) && !DefaultTemplates.Exists(key) && !own.Contains(key))
            {
                errors[$"steps[{i}].templateKey"] = [$"No template '{key}': use a built-in key ({string.Join(", ", DefaultTemplates.Keys.Select(k => k.Key).Distinct())}) or save a template with that key first."];
            }
        }

        return errors;
    }

    /// <summary>Creates (planId null) or replaces a plan; returns the problems instead when there are any.</summary>
    public static async Task<(DunningPlan? Plan, Dictionary<string, string[]> Errors)> SaveAsync(EncaisseDb db, Guid? planId, PlanInput input,
        string currency, DateTimeOffset now, CancellationToken ct)
    {
        var errors = await CheckAsync(db, input, planId, ct);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // One transaction: the old steps are deleted by a statement of their own, and a save refused by the database
        // must not leave the plan without steps (its customers would silently stop being dunned).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        DunningPlan? plan;
        if (planId is { } id)
        {
            plan = await db.Set<DunningPlan>().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (plan is null)
            {
                return (null, new Dictionary<string, string[]> { ["plan"] = ["No such plan."] });
            }

            // The old steps go in one statement; copies this context may track must not be deleted a second time.
            foreach (var tracked in db.ChangeTracker.Entries<DunningStep>().Where(e => e.Entity.PlanId == id).ToList())
            {
                tracked.State = EntityState.Detached;
            }

            await db.Set<DunningStep>().Where(s => s.PlanId == id).ExecuteDeleteAsync(ct);
            PlanInputs.Apply(plan, input, currency, now);
            db.AddRange(plan.Steps);
        }
        else
        {
            plan = new DunningPlan { TenantId = db.TenantId, Name = input.Name.Trim(), CreatedAt = now };
            PlanInputs.Apply(plan, input, currency, now);
            db.Add(plan);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (plan, errors);
    }

    /// <summary>Deletes a plan (its customer overrides go with it). False when it is the last plan: dunning needs one.</summary>
    public static async Task<bool> DeleteAsync(EncaisseDb db, Guid planId, CancellationToken ct)
    {
        if (await db.Set<DunningPlan>().CountAsync(ct) <= 1)
        {
            return false;
        }

        await Audit.AuditTrail.RecordDeletionAsync(db, db.Set<DunningPlan>().Where(p => p.Id == planId), ct);
        var deleted = await db.Set<DunningPlan>().Where(p => p.Id == planId).ExecuteDeleteAsync(ct) == 1;
        await db.SaveChangesAsync(ct);
        return deleted;
    }
}
