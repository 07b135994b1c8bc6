using Encaisse.Dunning.Api;
using Encaisse.Reporting.Api;
using Encaisse.Risk.Api;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Storage;

namespace Encaisse.Web;

/// <summary>
/// The one place where capabilities plug their services, API endpoints and pages into the server.
/// Each capability exposes <c>AddXxx(IServiceCollection)</c> and <c>MapXxxApi(RouteGroupBuilder api)</c> /
/// <c>MapXxxPages(WebApplication app)</c> from its own folder and adds one line here.
/// </summary>
internal static class WebModules
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        services.AddScoped<RequestTenant>();
        services.AddSingleton(sp => new Reporting.PortfolioFiguresCache(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>(), options.DashboardMaxAge,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<Reporting.PortfolioFiguresCache>()));
        services.AddSingleton(sp => new BackOffice.TopOverdueCustomers(sp.GetRequiredService<DatabaseFactory>()));
        services.AddSingleton(sp => new BackOffice.CustomerRankings(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Risk.Insurance.KeptDeclarationDeadlines(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new Dunning.Running.DunningChannels());
        services.AddSingleton(sp => Settings.SmtpTestPolicy.Create(sp.GetRequiredService<TimeProvider>(), options.SmtpTestPorts));
        if (options.RunScheduler)
        {
            services.AddSingleton(new Dunning.Scheduling.SchedulerOptions(options.RunLease, options.MonitorRegistries));
            services.AddHostedService<Dunning.Scheduling.DailyDunningJob>();
            // Reference rates (global): its own job, apart from the tenants' daily run (docs/adr/0420).
            services.AddHostedService<Legal.Rates.RatesUpdateJob>();
            // The dashboard's figures computed at start and on each new day, before the first request waits for them.
            services.AddHostedService<BackOffice.PortfolioFiguresWarmUp>();
            if (options.MonitorRegistries)
            {
                // Queued onboarding checks (new customers, retries after a registry outage), ADR 1830.
                services.AddHostedService<Risk.Onboarding.OnboardingCheckJob>();
            }
        }

        services.AddBackOffice();
        services.AddSharedDataProtection();
        services.AddSingleton<Formats.Runs.ImportRuns>();
        // One polite registry client per process (rate limits and caches are shared by all requests and jobs).
        services.AddSingleton(sp => Risk.Registries.RegistryMonitor.Create(Risk.Registries.RegistryOptions.FromEnvironment(), sp.GetRequiredService<TimeProvider>()));
        // The request's database context, restricted to the request's tenant.
        // It carries the request's actor: every change a person or a key saves through it is in the audit trail.
        services.AddScoped<EncaisseDb>(sp =>
        {
            var requestTenant = sp.GetRequiredService<RequestTenant>();
            var db = sp.GetRequiredService<DatabaseFactory>().Create(requestTenant.TenantId);
            db.Actor = requestTenant.Actor;
            return db;
        });
    }

    public static void Map(WebApplication app)
    {
        app.UseBackOffice();
        app.UseMiddleware<ApiKeyMiddleware>();
        var api = app.MapGroup("/api/v1");
        Ledger.Api.LedgerApi.MapLedgerApi(api);
        Dunning.Timeline.CollectionsApi.MapCollectionsApi(api);
        Formats.Api.ImportApi.MapImportApi(api);
        EInvoicing.Api.EInvoicesApi.MapEInvoicesApi(api);
        Legal.Api.LegalApi.MapLegalApi(api);
        Payments.Api.BankApi.MapPaymentsApi(api);
        Payments.Api.MandateApi.MapMandateApi(api);
        api.MapDunningApi();
        api.MapReportingApi();
        api.MapRiskApi();
        Risk.Factoring.Api.FactoringApi.MapFactoringApi(api);
        Risk.Insurance.Api.InsuranceApi.MapInsuranceApi(api);
        Risk.Onboarding.OnboardingApi.MapOnboardingApi(api);
        api.MapApiKeysApi();
        Audit.Api.AuditApi.MapAuditApi(api);
        Privacy.Api.PrivacyApi.MapPrivacyApi(api);
        Api.BulkApi.MapBulkApi(api);
    }
}
