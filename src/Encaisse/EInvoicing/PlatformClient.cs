using System.Net;
using System.Net.Http.Headers;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>
/// A client for a platform's flow API in the shape of AFNOR XP Z12-013 (a "flow" is one file sent or received):
/// <c>POST {base}/v1/flows</c> (multipart: <c>flowInfo</c> JSON + <c>file</c>) submits a CDAR status file.
/// Every submission carries an <c>Idempotency-Key</c> (the status id): a retry after a timeout or a 5xx / 429 cannot
/// create a second flow on a platform that honours the key. Point it at a platform with
/// <c>einvoice settings</c>' platform URL and a bearer token in <c>ENCAISSE_PA_TOKEN</c> (docs/einvoicing.md).
/// </summary>
public sealed class PlatformClient(HttpClient http, Func<int, TimeSpan>? backoff = null, int maxAttempts = 4) : IDisposable
{
    /// <summary>Disposes the HTTP client with this one (when it was created for it, <see cref="EInvoiceExchange.ClientFor"/>).</summary>
    internal bool OwnsHttp { get; init; }

    public void Dispose()
    {
        if (OwnsHttp)
        {
            http.Dispose();
        }
    }

    private readonly Func<int, TimeSpan> backoff = backoff ?? (attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));

    /// <summary>Submits one file; returns the platform's flow id, or throws <see cref="HttpRequestException"/> after the last attempt.</summary>
    public async Task<string> SubmitAsync(string fileName, byte[] content, string idempotencyKey, string flowSyntax, CancellationToken ct)
    {
        var answer = await SendAsync(() =>
        {
            var form = new MultipartFormDataContent();
            var info = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { trackingId = idempotencyKey, name = fileName, flowSyntax, processingRule = "B2B" }));
            info.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(info, "flowInfo");
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            form.Add(file, "file", fileName);
            var request = new HttpRequestMessage(HttpMethod.Post, "v1/flows") { Content = form };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }, ct);
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        return json.RootElement.TryGetProperty("flowId", out var id) ? id.GetString() ?? "" : "";
    }

    /// <summary>
    /// The ids of the lifecycle flows the platform received for the company's invoices (<c>POST v1/flows/search</c>,
    /// flow type <c>CustomerInvoiceLC</c>, direction <c>In</c>) updated after <paramref name="since"/>, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<string>> SearchIncomingStatusesAsync(DateTimeOffset since, CancellationToken ct)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            limit = 500,
            where = new
            {
                updatedAfter = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                flowType = new[] { "CustomerInvoiceLC" },
                flowDirection = new[] { "In" },
            },
        });
        var answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "v1/flows/search")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        }, ct);
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        if (!json.RootElement.TryGetProperty("results", out var results) || results.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return [];
        }

        return results.EnumerateArray()
            .Where(r => r.TryGetProperty("flowId", out _) && (!r.TryGetProperty("flowSyntax", out var syntax) || syntax.GetString() == "CDAR"))
            .Select(r => (Id: r.GetProperty("flowId").GetString() ?? "", Updated: r.TryGetProperty("updatedAt", out var u) ? u.GetString() ?? "" : ""))
            .Where(r => r.Id.Length > 0)
            .OrderBy(r => r.Updated, StringComparer.Ordinal).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The file of one flow as its sender made it (<c>GET v1/flows/{id}?docType=Original</c>).</summary>
    public async Task<byte[]> DownloadAsync(string flowId, CancellationToken ct) =>
        await SendBytesAsync(() => new HttpRequestMessage(HttpMethod.Get, $"v1/flows/{Uri.EscapeDataString(flowId)}?docType=Original"), ct);

    private async Task<string> SendAsync(Func<HttpRequestMessage> request, CancellationToken ct) =>
        System.Text.Encoding.UTF8.GetString(await SendBytesAsync(request, ct));

    /// <summary>One request with retries on connection failures, 408, 429 and 5xx (same request, same idempotency key).</summary>
    private async Task<byte[]> SendBytesAsync(Func<HttpRequestMessage> make, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = make();
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsByteArrayAsync(ct);
                }

                if (!Retryable(response.StatusCode) || attempt >= maxAttempts)
                {
                    throw new HttpRequestException($"platform answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
                }
            }
            catch (HttpRequestException) when (response is null && attempt < maxAttempts)
            {
                // Connection failure: retried with the same request.
            }
            finally
            {
                response?.Dispose();
            }

            await Task.Delay(backoff(attempt), ct);
        }
    }

    private static bool Retryable(HttpStatusCode code) => code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)code >= 500;

    /// <summary>Sends the pending outgoing statuses of a tenant, each marked sent with the platform's flow id.</summary>
    /// <param name="errors">Receives one line per status the platform did not take (it stays pending with its error).</param>
    public async Task<int> SendPendingAsync(EncaisseDb db, Ledger.Tenant tenant, TimeProvider clock, CancellationToken ct, ICollection<string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = await db.Set<EInvoiceStatus>().Where(s => s.Direction == StatusDirection.Out && s.State == OutgoingState.Pending).ToListAsync(ct);
        var sent = 0;
        foreach (var status in pending.OrderBy(s => s.CreatedAt))
        {
            var (name, content) = await EInvoiceStatuses.CdarAsync(db, tenant, status, ct);
            status.Attempts++;
            try
            {
                status.PlatformId = await SubmitAsync(name, content, status.Id.ToString("N"), "CDAR", ct);
                status.State = OutgoingState.Sent;
                status.DoneAt = clock.GetUtcNow();
                status.LastError = null;
                sent++;
            }
            catch (HttpRequestException e)
            {
                status.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                errors?.Add($"send {name}: {e.Message}");
            }

            await db.SaveChangesAsync(ct);
        }

        return sent;
    }
}
