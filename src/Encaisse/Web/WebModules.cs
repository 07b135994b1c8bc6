namespace Encaisse.Web;

/// <summary>
/// The one place where capabilities plug their services, API endpoints and pages into the server.
/// Each capability exposes <c>AddXxx(IServiceCollection)</c> / <c>MapXxx(WebApplication)</c> from its own folder.
/// </summary>
internal static class WebModules
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        _ = services;
        _ = options;
    }

    public static void Map(WebApplication app)
    {
        _ = app;
    }
}
