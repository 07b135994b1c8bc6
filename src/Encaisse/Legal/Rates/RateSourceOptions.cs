namespace Encaisse.Legal.Rates;

/// <summary>
/// Where the rate sources are. Defaults are the real services; tests and mirrors override them with the environment
/// (<c>ENCAISSE_ECB_RATES_URL</c>, <c>ENCAISSE_LEGAL_RATES_URL</c>) or the options of <c>encaisse rates update</c>
/// (docs/legal.md, "Rates: sources and update").
/// </summary>
public sealed record RateSourceOptions
{
    /// <summary>ECB Data Portal, SDMX REST data resource of the main refinancing operations rate (fixed rate tenders), daily.</summary>
    public const string EcbDefault = "https://data-api.ecb.europa.eu/service/data/FM/D.U2.EUR.4F.KR.MRR_FR.LEV";

    /// <summary>The Ministry's open-data dataset of the legal interest rates (Opendatasoft CSV export, ';'-separated).</summary>
    public const string LegalDefault = "https://data.economie.gouv.fr/api/explore/v2.1/catalog/datasets/taux-de-linteret-legal-depuis-2011/exports/csv?delimiter=%3B";

    /// <summary>The ECB series URL without query: the client adds <c>?startPeriod=yyyy-MM-dd&amp;format=csvdata</c>.</summary>
    public Uri EcbUrl { get; init; } = new(EcbDefault);

    /// <summary>The legal rates CSV, fetched as is.</summary>
    public Uri LegalUrl { get; init; } = new(LegalDefault);

    /// <summary>Time allowed to one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after a timeout, a network error, HTTP 429 or 5xx.</summary>
    public int Retries { get; init; } = 2;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Defaults, with the URLs from ENCAISSE_ECB_RATES_URL and ENCAISSE_LEGAL_RATES_URL when set.</summary>
    public static RateSourceOptions FromEnvironment()
    {
        var options = new RateSourceOptions();
        var ecb = Environment.GetEnvironmentVariable("ENCAISSE_ECB_RATES_URL");
        var legal = Environment.GetEnvironmentVariable("ENCAISSE_LEGAL_RATES_URL");
        return options with
        {
            EcbUrl = string.IsNullOrWhiteSpace(ecb) ? options.EcbUrl : new Uri(ecb),
            LegalUrl = string.IsNullOrWhiteSpace(legal) ? options.LegalUrl : new Uri(legal),
        };
    }
}
