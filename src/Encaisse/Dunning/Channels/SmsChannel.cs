using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Encaisse.Dunning.Channels;

/// <summary>Sends one SMS and returns the provider's answer (its message id).</summary>
public interface ISmsProvider
{
    Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct);

    /// <summary>
    /// Sends and reports how far the attempt went (<see cref="DeliveryAttempt"/>). The default, for providers that
    /// cannot tell, starts the attempt before calling the gateway and treats a failure as "not sent" (retried).
    /// </summary>
    async Task<string> SendAsync(DunningSettings settings, string to, string text, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await attempt.StartAsync(ct);
        return await SendAsync(settings, to, text, ct);
    }
}

/// <summary>
/// Generic HTTP SMS gateway: POST {SmsUrl} with JSON <c>{"to":"+336...","text":"...","sender":"ACME"}</c> and
/// <c>Authorization: Bearer {SmsToken}</c>; any 2xx is success and the response body is kept as the outcome.
/// </summary>
public sealed class HttpSmsProvider(HttpClient http) : ISmsProvider
{
    public Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct) =>
        SendAsync(settings, to, text, new DeliveryAttempt(), ct);

    /// <summary>
    /// A gateway that could not be reached (DNS, connection, TLS) or answered non-2xx did not take the SMS
    /// (<see cref="NotDeliveredException"/>, retried); a timeout or a connection lost once the request was sent may mean
    /// it did (<see cref="DeliveryAttempt.DataSent"/>: "may have left", review).
    /// </summary>
    public async Task<string> SendAsync(DunningSettings settings, string to, string text, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrWhiteSpace(settings.SmsUrl))
        {
            throw new ChannelNotConfiguredException("SMS provider URL is not configured (dunning settings: smsUrl).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.SmsUrl)
        {
            Content = JsonContent.Create(new SmsRequest(to, text, settings.SmsSender), options: JsonOptions),
        };
        if (!string.IsNullOrEmpty(settings.SmsToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SettingsSecrets.Reveal(settings.SmsToken, settings.TenantId, DunningSecretFields.SmsToken));
        }

        await attempt.StartAsync(ct);
        attempt.MarkDataSent();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                                                 or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // No connection to the gateway: the request never left.
            throw new NotDeliveredException($"SMS provider unreachable ({e.HttpRequestError}): {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new NotDeliveredException($"SMS provider answered {(int)response.StatusCode}: {Truncate(body)}");
            }

            return Truncate($"{(int)response.StatusCode} {body}");
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Truncate(string s) => s.Length <= 900 ? s : s[..900];

    private sealed record SmsRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("sender")] string? Sender);
}
