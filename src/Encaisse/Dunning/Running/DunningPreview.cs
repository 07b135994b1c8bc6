using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

public sealed record PreviewResult(string CustomerRef, int Step, DunningChannel Channel, string TemplateKey, string Language, string? Subject, string? Body, int? PdfBytes, IReadOnlyList<string> Invoices);

/// <summary>Renders what a step would send to a customer today, with its real open invoices; stores nothing.</summary>
public static class DunningPreview
{
    public static async Task<PreviewResult?> RenderAsync(EncaisseDb db, Tenant tenant, string customerRef, int step, DateOnly asOf,
        TimeProvider clock, (string Subject, string Body)? draft, CancellationToken ct)
    {
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).FirstOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return null;
        }

        var loaded = await DunningSnapshotLoader.LoadAsync(db, settings, asOf, ct, customer.Id);
        var snapshot = loaded.Snapshot.Customers.FirstOrDefault(c => c.Profile.CustomerId == customer.Id);
        var plan = snapshot?.Plan ?? PlanChoice.For(new PlanProfile(customer.Id, customer.Kind, customer.Segment, customer.RiskClass),
            await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).ToListAsync(ct), null);
        var dunningStep = plan?.Steps.FirstOrDefault(s => s.Number == step)
            ?? throw new ArgumentException($"The plan of {customerRef} has no step {step}.");
        var items = (snapshot?.Items ?? []).Where(i => i.Item.Kind == DocumentKind.Invoice && i.Item.OpenMinor > 0)
            .OrderByDescending(i => i.Item.DaysOverdue).ToList();
        var planned = new PlannedAction
        {
            CustomerId = customer.Id,
            Kind = PlannedActionKind.Step,
            StepKey = "step:" + step,
            StepNumber = step,
            Cycle = 0,
            PlanId = plan!.Id,
            Channel = dunningStep.Channel,
            Tone = dunningStep.Tone,
            TemplateKey = dunningStep.TemplateKey,
            Level = items.Count == 0 ? 0 : asOf.DayNumber - items.Min(i => i.Item.DueDate).DayNumber,
            Items = items,
        };
        var language = customer.Language == "en" ? "en" : "fr";
        if (draft is { } d)
        {
            var legal = await Legal.LegalLedger.LoadAsync(db, tenant, customer, openOnly: true, rates: null, ct);
            var claim = legal.Decide(ActionComposer.PurposeOf(planned, asOf), asOf);
            var variables = MessageVariables.For(tenant, customer, customer.Contacts.FirstOrDefault(c => c.IsPrimary) ?? customer.Contacts.FirstOrDefault(), planned, claim,
                asOf, settings.PortalBaseUrl);
            var message = TemplateRenderer.Render(d.Subject, d.Body, variables, html: dunningStep.Channel == DunningChannel.Email);
            return new PreviewResult(customerRef, step, dunningStep.Channel, dunningStep.TemplateKey, language, message.Subject, message.Body, null, items.Select(i => i.Item.Number).ToList());
        }

        var action = await new ActionComposer(tenant, settings).ComposeAsync(db, planned, customer, asOf, clock.GetUtcNow(), ct);
        return new PreviewResult(customerRef, step, action.Channel, action.TemplateKey, language, action.Subject, action.Body, action.Document?.Length,
            items.Select(i => i.Item.Number).ToList());
    }
}
