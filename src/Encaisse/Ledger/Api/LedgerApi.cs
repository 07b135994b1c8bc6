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
    }
}
