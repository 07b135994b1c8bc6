using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Encaisse.Dunning.Channels;

/// <summary>Sends one SMS and returns the provider's answer (its message id).</summary>
public interface ISmsProvider
{
    Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct);
}

/// <summary>
/// Generic HTTP SMS gateway: POST {SmsUrl} with JSON <c>{"to":"+336...","text":"...","sender":"ACME"}</c> and
/// <c>Authorization: Bearer {SmsToken}</c>; any 2xx is success and the response body is kept as the outcome.
/// </summary>
public sealed class HttpSmsProvider(HttpClient http) : ISmsProvider
{
    public async Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct)
    {
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

        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SMS provider answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        return Truncate($"{(int)response.StatusCode} {body}");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Truncate(string s) => s.Length <= 900 ? s : s[..900];

    private sealed record SmsRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("sender")] string? Sender);
}
