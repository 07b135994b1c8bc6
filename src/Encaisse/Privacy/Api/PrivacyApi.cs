using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Privacy.Api;

/// <summary>
/// <c>GET /api/v1/gdpr/customers/{ref}/export</c>, <c>POST /api/v1/gdpr/customers/{ref}/erase?force=</c>, <c>GET|PUT /api/v1/gdpr/settings</c>,
/// <c>GET /api/v1/gdpr/due</c>: the same operations as <c>encaisse gdpr</c>.
/// </summary>
public static class PrivacyApi
{
    public sealed record SettingsBody(int? ContactDataYears, int? AccountingYears);

    public static void MapPrivacyApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/gdpr").WithTags("Personal data");
        g.MapGet("/customers/{customerRef}/export", async (string customerRef, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            (await PersonalData.ExportAsync(db, customerRef, clock.GetUtcNow(), ct)).ToHttp(Results.Ok)).WithSummary("Everything held about a person");
        g.MapPost("/customers/{customerRef}/erase", async (string customerRef, bool? force, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            (await PersonalData.EraseAsync(db, customerRef, force == true, clock.GetUtcNow(), ct)).ToHttp(Results.Ok))
            .WithSummary("Pseudonymise a person (409 gdpr.openInvoices while invoices are open, unless force=true)");
        g.MapGet("/settings", async (EncaisseDb db, CancellationToken ct) => Results.Ok(await PersonalData.SettingsAsync(db, ct)));
        g.MapPut("/settings", async (SettingsBody body, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            (await PersonalData.SetSettingsAsync(db, body.ContactDataYears, body.AccountingYears, clock.GetUtcNow(), ct)).ToHttp(Results.Ok));
        g.MapGet("/due", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PersonalData.DueAsync(db, Ledger.BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct)));
    }
}
