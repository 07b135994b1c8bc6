using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Plans;

/// <summary>A customer's own plan after <see cref="DunningPlanOperations.AssignAsync"/>: null when back to the automatic choice.</summary>
public sealed record PlanAssignment(string Customer, Guid? PlanId);

/// <summary>
/// The one way dunning plans are created, replaced, deleted and given to a customer (API <c>/api/v1/dunning/plans</c>,
/// <c>PUT /dunning/customers/{ref}/plan/{planId}</c>, settings pages). Each owns its writes and returns a coded result:
/// <c>plan.invalid</c> (fields), <c>plan.nameTaken</c> (conflict, the only problem), <c>plan.notFound</c>,
/// <c>plan.lastPlan</c> (conflict: dunning needs a plan), <c>customer.notFound</c>.
/// </summary>
public static class DunningPlanOperations
{
    /// <summary>
    /// The input's problems plus those that need the database: a duplicate name, an unknown template key.
    /// Fields are the API's (name, steps[2].templateKey...); reasons are the catalogue's English messages.
    /// </summary>
    public static async Task<List<FieldError>> CheckAsync(EncaisseDb db, PlanInput input, Guid? planId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = PlanInputs.Validate(input);
        var name = input.Name?.Trim() ?? "";
        if (name.Length > 0 && await db.Set<DunningPlan>().AnyAsync(p => p.Name == name && p.Id != planId, ct))
        {
            errors.Add(PlanInputs.Field("name", name, "plan.nameTaken", ("name", name)));
        }

        var own = await db.Set<DunningTemplate>().Select(t => t.Key).Distinct().ToListAsync(ct);
        for (var i = 0; i < (input.Steps?.Count ?? 0); i++)
        {
            var step = input.Steps![i];
            var key = step.TemplateKey?.Trim() ?? "";
            if (key.Length > 0 && step.Channel is not (DunningChannel.Call or DunningChannel.Task) && !DefaultTemplates.Exists(key) && !own.Contains(key))
            {
                errors.Add(PlanInputs.Field($"steps[{i}].templateKey", key, "plan.unknownTemplate",
                    ("key", key), ("keys", string.Join(", ", DefaultTemplates.Keys.Select(k => k.Key).Distinct()))));
            }
        }

        return errors;
    }

    /// <summary>Creates (planId null) or replaces a plan and its steps, in one transaction.</summary>
    public static async Task<Result<DunningPlan>> SaveAsync(EncaisseDb db, Guid? planId, PlanInput input, string currency, DateTimeOffset now,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (planId is { } existing && !await db.Set<DunningPlan>().AnyAsync(p => p.Id == existing, ct))
        {
            return OperationError.NotFound("plan.notFound", ("plan", existing));
        }

        var errors = await CheckAsync(db, input, planId, ct);
        if (errors.Count == 1 && errors[0].Field == "name" && await NameTakenAsync(db, input, planId, ct))
        {
            return OperationError.Conflict("plan.nameTaken", ("name", input.Name.Trim()));
        }

        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors, "plan.invalid");
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
                return OperationError.NotFound("plan.notFound", ("plan", id));
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
        return Result.Ok(plan);
    }

    /// <summary>Deletes a plan (its customer overrides go with it). Never the last plan: dunning needs one.</summary>
    public static async Task<Result<Guid>> DeleteAsync(EncaisseDb db, Guid planId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Set<DunningPlan>().AnyAsync(p => p.Id == planId, ct))
        {
            return OperationError.NotFound("plan.notFound", ("plan", planId));
        }

        if (await db.Set<DunningPlan>().CountAsync(ct) <= 1)
        {
            return OperationError.Conflict("plan.lastPlan");
        }

        await Audit.AuditTrail.RecordDeletionAsync(db, db.Set<DunningPlan>().Where(p => p.Id == planId), ct);
        await db.Set<DunningPlan>().Where(p => p.Id == planId).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok(planId);
    }

    /// <summary>
    /// Gives one customer a plan of its own, replacing any earlier one; a null plan takes the customer back to the
    /// automatic choice (default, kind, segment, risk class).
    /// </summary>
    public static async Task<Result<PlanAssignment>> AssignAsync(EncaisseDb db, string? customerRef, Guid? planId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reference = customerRef?.Trim() ?? "";
        var customer = reference.Length == 0 ? null : await db.Customers.FirstOrDefaultAsync(c => c.ExternalRef == reference, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", reference));
        }

        if (planId is { } id && !await db.Set<DunningPlan>().AnyAsync(p => p.Id == id, ct))
        {
            return OperationError.NotFound("plan.notFound", ("plan", id));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var earlier = db.Set<DunningPlanOverride>().Where(o => o.CustomerId == customer.Id);
        await Audit.AuditTrail.RecordDeletionAsync(db, earlier, ct);
        await earlier.ExecuteDeleteAsync(ct);
        if (planId is { } chosen)
        {
            db.Add(new DunningPlanOverride { TenantId = db.TenantId, CustomerId = customer.Id, PlanId = chosen });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Result.Ok(new PlanAssignment(customer.ExternalRef, planId));
    }

    private static async Task<bool> NameTakenAsync(EncaisseDb db, PlanInput input, Guid? planId, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        return name.Length > 0 && await db.Set<DunningPlan>().AnyAsync(p => p.Name == name && p.Id != planId, ct);
    }
}
