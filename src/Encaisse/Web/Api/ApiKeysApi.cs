using Encaisse.Storage;

namespace Encaisse.Web.Api;

/// <summary><c>GET /api/v1/apikeys</c> lists the tenant's keys; <c>POST /api/v1/apikeys/{idOrPrefix}/revoke</c> revokes one (a leaked key
/// can be revoked with any other key of the tenant, or with itself).</summary>
public static class ApiKeysApi
{
    public static void MapApiKeysApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/apikeys").WithTags("API keys");
        g.MapGet("", async (EncaisseDb db, TimeProvider clock, CancellationToken ct) => Results.Ok(await ApiKeys.ListAsync(db, clock.GetUtcNow(), ct)));
        g.MapPost("/{key}/revoke", async (string key, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            (await ApiKeys.RevokeAsync(db, key, clock.GetUtcNow(), ct)).ToHttp(Results.Ok));
    }
}
