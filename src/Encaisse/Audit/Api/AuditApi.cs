using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Audit.Api;

/// <summary><c>GET /api/v1/audit?customer=REF&amp;type=TYPE&amp;object=ID_OR_REF&amp;limit=N</c>: the tenant's audit trail, newest first.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (string? customer, string? type, string? @object, int? limit, EncaisseDb db, CancellationToken ct) =>
                (await AuditQueries.ListAsync(db, customer, type, @object, limit ?? 500, ct)).ToHttp(Results.Ok))
            .WithTags("Audit").WithSummary("Who changed what, when, from where, with the values before and after (append-only)");
}
