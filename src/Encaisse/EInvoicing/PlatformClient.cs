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
public sealed class PlatformClient(HttpClient http, Func<int, TimeSpan>? backoff = null, int maxAttempts = 4)
{
    private readonly Func<int, TimeSpan> backoff = backoff ?? (attempt => TimeSpan.FromSeconds(Math.Pow(2, attempt)));

    /// <summary>Submits one file; returns the platform's flow id, or throws <see cref="HttpRequestException"/> after the last attempt.</summary>
    public async Task<string> SubmitAsync(string fileName, byte[] content, string idempotencyKey, string flowSyntax, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var form = new MultipartFormDataContent();
            var info = new StringContent($$"""{"name":"{{fileName}}","flowSyntax":"{{flowSyntax}}","processingRule":"B2B"}""");
            info.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(info, "flowInfo");
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            form.Add(file, "file", fileName);
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/flows") { Content = form };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    return json.RootElement.TryGetProperty("flowId", out var id) ? id.GetString() ?? "" : "";
                }

                if (!Retryable(response.StatusCode) || attempt >= maxAttempts)
                {
                    throw new HttpRequestException($"platform answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
                }
            }
            catch (HttpRequestException) when (response is null && attempt < maxAttempts)
            {
                // Connection failure: retried with the same key.
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
    public async Task<int> SendPendingAsync(EncaisseDb db, Ledger.Tenant tenant, TimeProvider clock, CancellationToken ct)
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
            }

            await db.SaveChangesAsync(ct);
        }

        return sent;
    }
}
