using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Encaisse.Risk.Registries;

/// <summary>
/// The polite HTTP client of one registry: a token bucket keeps under the service's rate limit, each attempt
/// has a timeout, timeouts / network errors / 429 / 5xx are retried with back-off (honouring Retry-After), a circuit
/// breaker stops calling a service that keeps failing (calls fail at once while it is open, then one is let through),
/// and answers are cached for a while. Thread-safe; one instance per service for the process.
/// </summary>
public sealed class RegistryHttp : IDisposable
{
    private readonly HttpClient http;
    private readonly TokenBucketRateLimiter limiter;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, string Body)> cache = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private readonly string service;

    public RegistryHttp(string service, Uri baseAddress, int perSecond, RegistryOptions options, TimeProvider clock, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.service = service;
        this.clock = clock;
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        ArgumentNullException.ThrowIfNull(baseAddress);
        // A base with a path must end with '/' or relative URLs would replace its last segment.
        http.BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline times each attempt
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Encaisse/1.0 (credit management)");
        http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perSecond),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var failure = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500);
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
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
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.RetryDelay)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            // Inside the retry: every attempt counts, and an open circuit is not retried (BrokenCircuitException is not
            // handled above), so a registry without network costs a few timeouts, not 4 per customer all day.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = failure,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Number of requests actually sent (cache misses and retries included), for tests and logs.</summary>
    public int RequestsSent => requestsSent;

    private int requestsSent;

    /// <summary>GET <paramref name="relativeUrl"/>; null on 404; the parsed body otherwise (cached for <paramref name="cacheFor"/>).</summary>
    public async Task<JsonDocument?> GetJsonAsync(string relativeUrl, TimeSpan cacheFor, CancellationToken ct)
    {
        if (cache.TryGetValue(relativeUrl, out var hit) && hit.Expires > clock.GetUtcNow())
        {
            return JsonDocument.Parse(hit.Body);
        }

        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(async token =>
            {
                using var lease = await limiter.AcquireAsync(1, token);
                Interlocked.Increment(ref requestsSent);
                return await http.GetAsync(relativeUrl, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            throw new RegistryUnavailableException($"{service} did not answer ({e.GetType().Name}).", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new RegistryUnavailableException($"{service} is failing: calls paused for a while (circuit open).", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RegistryUnavailableException($"{service} answered HTTP {(int)response.StatusCode} after {RequestsSent} request(s).");
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new RegistryUnavailableException($"{service} sent a body that is not JSON.", e);
            }

            cache[relativeUrl] = (clock.GetUtcNow() + cacheFor, body);
            return document;
        }
    }

    public void Dispose()
    {
        http.Dispose();
        limiter.Dispose();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan fallback)
    {
        if (response?.Headers.RetryAfter is { } retryAfter)
        {
            var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            if (delay is { } d && d > TimeSpan.Zero)
            {
                return d < TimeSpan.FromSeconds(30) ? d : TimeSpan.FromSeconds(30);
            }
        }

        return response is null ? null : fallback;
    }
}
