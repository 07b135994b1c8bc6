namespace Encaisse.Legal.Api;

/// <summary>The Legal capability's endpoints under /api/v1.</summary>
public static class LegalApi
{
    public static void MapLegalApi(this RouteGroupBuilder api)
    {
        api.MapRatesApi();
    }
}
