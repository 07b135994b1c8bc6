namespace Encaisse.Risk.Registries;

/// <summary>
/// Where the public registries are and how politely to call them. Defaults are the real services; tests and
/// mirrors override the base URLs (environment ENCAISSE_RECHERCHE_ENTREPRISES_URL / ENCAISSE_BODACC_URL, or
/// the CLI options), see docs/risk.md.
/// </summary>
public sealed record RegistryOptions
{
    public const string RechercheEntreprisesDefault = "https://recherche-entreprises.api.gouv.fr";
    public const string BodaccDefault = "https://bodacc-datadila.opendatasoft.com";

    public Uri RechercheEntreprisesUrl { get; init; } = new(RechercheEntreprisesDefault);
    public Uri BodaccUrl { get; init; } = new(BodaccDefault);
    /// <summary>Calls per second to the API Recherche d'entreprises (documented limit: 7 per second per IP).</summary>
    public int RechercheEntreprisesPerSecond { get; init; } = 5;
    /// <summary>Calls per second to the BODACC Opendatasoft API.</summary>
    public int BodaccPerSecond { get; init; } = 5;
    /// <summary>Time allowed to one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Retries after a timeout, a network error, HTTP 429 or 5xx (Retry-After honoured).</summary>
    public int Retries { get; init; } = 3;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Circuit breaker: opens when at least this share of the calls in the sampling window failed …</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;
    /// <summary>… and the window saw at least this many calls (attempts, retries included).</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long calls fail at once before one is let through again.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>
    /// Time the daily job gives the registry watch before it goes on with promises, planning and sending (the reminders
    /// never wait for a registry): customers not reached are reported "unchecked" and checked first the next day.
    /// </summary>
    public TimeSpan MonitorBudget { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Customers checked at once by the daily job (each is two registry calls, under the rate limits above).</summary>
    public int MonitorParallelism { get; init; } = 4;
    /// <summary>How long an answer is reused: company data changes slowly; notices are checked daily.</summary>
    public TimeSpan CompanyCacheFor { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan NoticesCacheFor { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Defaults, with base URLs from ENCAISSE_RECHERCHE_ENTREPRISES_URL and ENCAISSE_BODACC_URL when set.</summary>
    public static RegistryOptions FromEnvironment()
    {
        var options = new RegistryOptions();
        var recherche = Environment.GetEnvironmentVariable("ENCAISSE_RECHERCHE_ENTREPRISES_URL");
        var bodacc = Environment.GetEnvironmentVariable("ENCAISSE_BODACC_URL");
        return options with
        {
            RechercheEntreprisesUrl = string.IsNullOrWhiteSpace(recherche) ? options.RechercheEntreprisesUrl : new Uri(recherche),
            BodaccUrl = string.IsNullOrWhiteSpace(bodacc) ? options.BodaccUrl : new Uri(bodacc),
        };
    }
}

/// <summary>A registry did not answer usefully after the retries (timeout, 429, 5xx, unreadable body).</summary>
public sealed class RegistryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
