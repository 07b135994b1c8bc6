using Encaisse.Cli;
using Encaisse.Storage;

namespace Encaisse.Web;

/// <summary>How to run the server: the database, the addresses, the clock (tests pass a fake one).</summary>
public sealed record ServerOptions(DatabaseTarget Database, string Urls)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Run the scheduled jobs (daily dunning run, registry monitoring) inside this process.</summary>
    public bool RunScheduler { get; init; } = true;
    /// <summary>Check customers daily against the company registries (off for the demo: fictitious companies).</summary>
    public bool MonitorRegistries { get; init; } = true;
    /// <summary>
    /// How long a node keeps the day's dunning run without renewing it (renewed every quarter of it while working): after
    /// a crash, another node or a restart resumes the run once it lapses. <c>ENCAISSE_RUN_LEASE_SECONDS</c> for <c>serve</c>.
    /// </summary>
    public TimeSpan RunLease { get; init; } = Dunning.Scheduling.DailyDunningJob.DefaultLease;
    /// <summary>Ports the settings page's test e-mail may reach; null: 25, 465, 587, 2525 or <c>ENCAISSE_SMTP_TEST_PORTS</c>.</summary>
    public IReadOnlySet<int>? SmtpTestPorts { get; init; }
    /// <summary>
    /// How long the dashboard's portfolio figures are kept before a background refresh (zero: computed on every request);
    /// <c>ENCAISSE_DASHBOARD_MAX_AGE_SECONDS</c> for <c>serve</c>.
    /// </summary>
    public TimeSpan DashboardMaxAge { get; init; } = Reporting.PortfolioFiguresCache.DefaultMaxAge;
    /// <summary>Extra logging set-up (tests capture the server's logs to check that no personal data is written there).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

/// <summary>Builds the ASP.NET Core application: health, REST API under /api/v1, OpenAPI, pages.</summary>
public static class EncaisseServer
{
    public static WebApplication Build(ServerOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // One line per computation of a tenant's dashboard figures (at most one a minute per tenant): when a refresh ran.
        builder.Logging.AddFilter(typeof(Reporting.PortfolioFiguresCache).FullName, LogLevel.Information);
        options.ConfigureLogging?.Invoke(builder.Logging);

        var database = new DatabaseFactory(options.Database);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Clock);
        builder.Services.ConfigureHttpJsonOptions(j => Encaisse.Operations.JsonShape.Configure(j.SerializerOptions));
        builder.Services.AddSecurityHeaders();
        // Binding failures and unhandled errors answer with an RFC 7807 problem, never an empty body.
        builder.Services.AddProblemDetails();
        WebModules.AddServices(builder.Services, options);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        WebModules.Map(app);
        return app;
    }

    /// <summary>Migrates, then starts listening; returns once the server accepts requests.</summary>
    public static async Task<WebApplication> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        await new DatabaseFactory(options.Database).MigrateAsync(ct);
        var app = Build(options);
        await app.StartAsync(ct);
        return app;
    }
}
