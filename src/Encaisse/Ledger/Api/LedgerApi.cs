using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Ledger.Api;

/// <summary>The ledger's REST endpoints under /api/v1.</summary>
internal static class LedgerApi
{
    public static void MapLedgerApi(this RouteGroupBuilder api)
    {
        api.MapCustomerApi();
        api.MapInvoiceApi();
        api.MapPaymentApi();
        api.MapInvoicePdfApi();
        var settings = api.MapGroup("/ledger/settings").WithTags("Ledger settings");
        settings.MapGet("/", (RequestTenant tenant) => Results.Ok(new LedgerSettingsDto(tenant.Required.CreditNoteApplication)))
            .WithSummary("The tenant's ledger rules (how credit notes settle invoices)");
        settings.MapPut("/", async (LedgerSettingsWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await new LedgerOperations(db, tenant.Required, clock).UpdateSettingsAsync(body, "api", ct)).ToHttp(Results.Ok))
            .WithSummary("Change the ledger rules; switching credit notes to automatic applies the open ones at once");
    }
}
