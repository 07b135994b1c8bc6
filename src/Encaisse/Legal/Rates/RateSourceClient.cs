using System.Globalization;
using System.Net;
using Encaisse.Legal.Rates;
using Encaisse.Operations;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Encaisse.Legal.Rates;

/// <summary>
/// Reads the two rate sources over HTTP: the ECB Data Portal (SDMX REST, <c>format=csvdata</c>) and the legal interest
/// rates CSV. Each attempt has a timeout; timeouts, network errors, 429 and 5xx are retried with back-off. A source that
/// does not answer usefully gives a coded error (<c>rates.sourceUnavailable</c>, <c>rates.sourceMalformed</c>) naming the
/// source and the reason; nothing is thrown for an expected outage.
/// </summary>
public sealed class RateSourceClient : IDisposable
{
    public const string Ecb = "ECB Data Portal";
    public const string Legal = "legal interest rates";

    private readonly HttpClient http;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public RateSourceClient(RateSourceOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline times each attempt
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Encaisse/1.0 (credit management; reference rates)");
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.Retries),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public RateSourceOptions Options { get; }

    /// <summary>The URL asked of the ECB for observations from <paramref name="startPeriod"/>.</summary>
    public Uri EcbQuery(DateOnly startPeriod)
    {
        var url = Options.EcbUrl.AbsoluteUri;
        var join = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(url + join + "startPeriod=" + startPeriod.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "&format=csvdata&detail=dataonly");
    }

    /// <summary>The MRO observations from <paramref name="startPeriod"/> on.</summary>
    public async Task<Result<SortedDictionary<DateOnly, decimal>>> EcbAsync(DateOnly startPeriod, CancellationToken ct)
    {
        var body = await GetAsync(Ecb, EcbQuery(startPeriod), "text/csv", ct);
        if (!body.IsOk)
        {
            return Result<SortedDictionary<DateOnly, decimal>>.Fail(body.Error!);
        }

        try
        {
            return Result.Ok(EcbRateSeries.Parse(body.Value));
        }
        catch (RateSourceFormatException e)
        {
            return OperationError.Failed("rates.sourceMalformed", ("source", Ecb), ("reason", e.Message));
        }
    }

    /// <summary>The legal interest rates per half-year.</summary>
    public async Task<Result<Dictionary<HalfYear, (decimal Personal, decimal Other)>>> LegalAsync(CancellationToken ct)
    {
        var body = await GetAsync(Legal, Options.LegalUrl, "text/csv", ct);
        if (!body.IsOk)
        {
            return Result<Dictionary<HalfYear, (decimal Personal, decimal Other)>>.Fail(body.Error!);
        }

        try
        {
            return Result.Ok(LegalRateSeries.Parse(body.Value));
        }
        catch (RateSourceFormatException e)
        {
            return OperationError.Failed("rates.sourceMalformed", ("source", Legal), ("reason", e.Message));
        }
    }

    private async Task<Result<string>> GetAsync(string source, Uri url, string accept, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd(accept);
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (TimeoutRejectedException)
        {
            return OperationError.Failed("rates.sourceUnavailable", ("source", source),
                ("reason", $"no answer within {Options.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"));
        }
        catch (HttpRequestException e)
        {
            return OperationError.Failed("rates.sourceUnavailable", ("source", source), ("reason", e.HttpRequestError.ToString()));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return OperationError.Failed("rates.sourceUnavailable", ("source", source),
                    ("reason", $"HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}"));
            }

            return Result.Ok(await response.Content.ReadAsStringAsync(ct));
        }
    }

    public void Dispose() => http.Dispose();
}
