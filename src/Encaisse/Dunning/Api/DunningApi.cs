using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Api;

public sealed record RunRequest(string? AsOf, bool DryRun);
public sealed record RejectRequest(string? Reason, string? By);
public sealed record ApproveRequest(string? By);
public sealed record PreviewRequest(string Customer, int Step, string? AsOf, string? Subject, string? Body);
public sealed record TemplateInput(string Subject, string Body);

/// <summary>REST API under /api/v1/dunning: plans, runs, the outbox (actions, approvals, evidence), templates, previews, bounces.</summary>
public static class DunningApi
{
    public static void MapDunningApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/dunning");
        MapPlans(g);
        DunningActionsApi.Map(g);
        MapTemplates(g);
        DunningSettingsApi.Map(g);
    }

    private static void MapPlans(RouteGroupBuilder g)
    {
        g.MapGet("/plans", async (EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
        {
            await DunningSetup.EnsureAsync(db, clock, ct);
            var plans = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).OrderBy(p => p.Name).ToListAsync(ct);
            return Results.Ok(plans.Select(p => PlanView.Of(p, rt.Required.Currency)));
        });
        g.MapGet("/plans/{id:guid}", async (Guid id, EncaisseDb db, RequestTenant rt, CancellationToken ct) =>
            await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).FirstOrDefaultAsync(p => p.Id == id, ct) is { } plan
                ? Results.Ok(PlanView.Of(plan, rt.Required.Currency))
                : Results.Problem(statusCode: 404, title: "Plan not found", detail: $"No dunning plan {id}."));
        g.MapPost("/plans", async (PlanInput input, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            (await DunningPlanOperations.SaveAsync(db, null, input, rt.Required.Currency, clock.GetUtcNow(), ct))
                .ToHttp(plan => Results.Created($"/api/v1/dunning/plans/{plan.Id}", PlanView.Of(plan, rt.Required.Currency))));
        g.MapPut("/plans/{id:guid}", async (Guid id, PlanInput input, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            (await DunningPlanOperations.SaveAsync(db, id, input, rt.Required.Currency, clock.GetUtcNow(), ct))
                .ToHttp(plan => Results.Ok(PlanView.Of(plan, rt.Required.Currency))));
        g.MapDelete("/plans/{id:guid}", async (Guid id, EncaisseDb db, CancellationToken ct) =>
            (await DunningPlanOperations.DeleteAsync(db, id, ct)).ToHttp(_ => Results.NoContent()));
        g.MapPut("/customers/{customerRef}/plan/{planId:guid}", async (string customerRef, Guid planId, EncaisseDb db, CancellationToken ct) =>
            (await DunningPlanOperations.AssignAsync(db, customerRef, planId, ct)).ToHttp(_ => Results.NoContent()));
    }

    private static void MapTemplates(RouteGroupBuilder g)
    {
        g.MapGet("/templates", async (EncaisseDb db, CancellationToken ct) =>
        {
            var own = await db.Set<DunningTemplate>().AsNoTracking().ToListAsync(ct);
            return Results.Ok(DefaultTemplates.Keys.Select(k =>
            {
                var o = own.FirstOrDefault(t => t.Key == k.Key && t.Language == k.Language);
                var d = DefaultTemplates.For(k.Key, k.Language);
                return new { key = k.Key, language = k.Language, customised = o is not null, subject = o?.Subject ?? d.Subject, body = o?.Body ?? d.Body };
            }).Concat(own.Where(o => !DefaultTemplates.Exists(o.Key)).Select(o => new { key = o.Key, language = o.Language, customised = true, subject = o.Subject, body = o.Body })));
        });
        g.MapGet("/templates/{key}/{language}", async (string key, string language, EncaisseDb db, CancellationToken ct) =>
        {
            var (subject, body) = await TemplateRenderer.LoadAsync(db, key, language, ct);
            return Results.Ok(new { key, language, subject, body });
        });
        g.MapPut("/templates/{key}/{language}", async (string key, string language, TemplateInput input, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = await TemplateStore.SaveAsync(db, key, language, input.Subject, input.Body, clock.GetUtcNow(), ct);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return Results.Ok(new { key, language, subject = input.Subject ?? "", body = input.Body });
        });
        g.MapPost("/preview", async (PreviewRequest request, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
        {
            if (!TryDate(request.AsOf, out var asOf))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = ["A date yyyy-mm-dd."] });
            }

            try
            {
                var draft = request.Body is null ? ((string, string)?)null : (request.Subject ?? "", request.Body);
                var result = await DunningPreview.RenderAsync(db, rt.Required, request.Customer, request.Step,
                    asOf ?? BusinessCalendar.Today(clock, rt.Required.TimeZone), clock, draft, ct);
                return result is null
                    ? Results.Problem(statusCode: 404, title: "Customer not found", detail: $"No customer '{request.Customer}'.")
                    : Results.Ok(result);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return Results.Problem(statusCode: 400, title: "Cannot preview", detail: e.Message);
            }
        });
        g.MapPost("/bounces", async (HttpRequest request, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var result = await DunningBounces.IngestAsync(db, request.Body, clock, ct);
            return result.Matched ? Results.Ok(result) : Results.Problem(statusCode: 422, title: "Bounce not matched", detail: result.Detail);
        });
    }

    internal static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d);
        date = ok ? d : null;
        return ok;
    }
}
