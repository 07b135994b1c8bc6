using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Settings;

/// <summary>What the template editor shows: the rendered message, or why it cannot be rendered.</summary>
public sealed record TemplatePreviewResult(bool Ok, string? Error, string? Subject, string? Body, string? Channel, int? Step, IReadOnlyList<string> Invoices);

/// <summary>
/// Renders a draft template with the real data of one customer through <see cref="DunningPreview"/> (the renderer
/// the dunning run uses), on the step of the customer's plan that uses the template. Stores nothing.
/// </summary>
public static class TemplatePreview
{
    public static async Task<TemplatePreviewResult> RenderAsync(EncaisseDb db, Tenant tenant, string key, string? customerRef, string? subject,
        string? body, DateOnly asOf, TimeProvider clock, CancellationToken ct)
    {
        var syntax = TemplateStore.Check(key, "fr", subject, body);
        syntax.Remove("language");
        if (syntax.Count > 0)
        {
            return Failed(string.Join(" ", syntax.Select(e => e.Key + ": " + string.Join(" ", e.Value))));
        }

        var customer = string.IsNullOrWhiteSpace(customerRef)
            ? null
            : await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalRef == customerRef.Trim(), ct);
        if (customer is null)
        {
            return Failed("customer");
        }

        await DunningSetup.EnsureAsync(db, clock, ct);
        var plans = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).ToListAsync(ct);
        var chosen = await db.Set<DunningPlanOverride>().Where(o => o.CustomerId == customer.Id).Select(o => (Guid?)o.PlanId).FirstOrDefaultAsync(ct);
        var plan = PlanChoice.For(new PlanProfile(customer.Id, customer.Kind, customer.Segment, customer.RiskClass), plans, chosen);
        var step = plan?.OrderedSteps.FirstOrDefault(s => s.TemplateKey == key)
                   ?? plan?.OrderedSteps.FirstOrDefault(s => s.Channel == (key == "sms" ? DunningChannel.Sms : DunningChannel.Email))
                   ?? plan?.OrderedSteps.FirstOrDefault();
        if (step is null)
        {
            return Failed("plan");
        }

        try
        {
            var result = await DunningPreview.RenderAsync(db, tenant, customer.ExternalRef, step.Number, asOf, clock, (subject ?? "", body!), ct);
            return result is null
                ? Failed("customer")
                : new TemplatePreviewResult(true, null, result.Subject, result.Body, result.Channel.ToString().ToLowerInvariant(), step.Number, result.Invoices);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return Failed(e.Message);
        }
    }

    private static TemplatePreviewResult Failed(string error) => new(false, error, null, null, null, null, []);
}
