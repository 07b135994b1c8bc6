using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Templates;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Api;

/// <summary>
/// <c>GET/PUT /api/v1/dunning/settings</c> (the same code as <c>encaisse dunning settings</c>; secrets are write-only)
/// and <c>DELETE /api/v1/dunning/templates/{key}/{language}</c> (back to the built-in template).
/// </summary>
internal static class DunningSettingsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/settings", async (EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(DunningSettingsEditor.View(rt.Required, await DunningSetup.EnsureAsync(db, clock, ct))));

        g.MapPut("/settings", async (DunningSettingsChange change, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            (await DunningSettingsEditor.SaveAsync(db, clock, change, ct)).ToHttp(Results.Ok));

        g.MapDelete("/templates/{key}/{language}", async (string key, string language, EncaisseDb db, CancellationToken ct) =>
        {
            if (!await TemplateStore.ResetAsync(db, key, language, ct))
            {
                return Results.Problem(statusCode: 404, title: "Not customised", detail: $"The template {key}/{language} has no tenant version.");
            }

            var (subject, body) = await TemplateRenderer.LoadAsync(db, key, language, ct);
            return Results.Ok(new { key, language, customised = false, subject, body });
        });
    }
}
