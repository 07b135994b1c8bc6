using Encaisse.Dunning.Timeline;
using Encaisse.Formats.EInvoice;
using Encaisse.Operations;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>What one exchange with the platform did.</summary>
/// <param name="Produced">Cashed statuses prepared (allocations on e-invoices that had none).</param>
/// <param name="Sent">Outgoing statuses the platform accepted.</param>
/// <param name="Pending">Outgoing statuses still waiting (no platform, or it refused them; their error is on the status).</param>
/// <param name="Received">Incoming statuses recorded (each acts on collections once).</param>
/// <param name="Ignored">Incoming flows already recorded, or about invoices that are not the company's e-invoices.</param>
/// <param name="Problems">Flows that could not be read or a platform that could not be reached, one line each.</param>
public sealed record ExchangeOutcome(int Produced, int Sent, int Pending, int Received, int Ignored, IReadOnlyList<string> Problems);

/// <summary>
/// The one exchange of lifecycle statuses with the tenant's platform (docs/einvoicing.md, ADR 1400), run by the daily job
/// before planning (a refusal or a dispute received stops the dunning planned after it) and by <c>einvoice send</c> /
/// <c>einvoice receive</c>: (1) the cashed statuses due are prepared (outbox producer, keyed per allocation);
/// (2) with a platform, the pending outgoing statuses are submitted (idempotency key = status id); (3) with a platform,
/// the lifecycle flows received since the last 30 days are downloaded and recorded once each (key = the flow id), so a
/// crash or a second node never records one twice and never misses one left behind.
/// </summary>
public static class EInvoiceExchange
{
    /// <summary>How far back incoming flows are searched at each exchange (recorded ones are skipped without download).</summary>
    public static readonly TimeSpan ReceiveWindow = TimeSpan.FromDays(30);

    public static async Task<ExchangeOutcome> RunAsync(CollectionsScope scope, PlatformClient? platform, bool send, bool receive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = scope.Db;
        var produced = await EInvoiceStatuses.ProduceCashedAsync(db, scope.Clock, ct);
        int sent = 0, received = 0, ignored = 0;
        var problems = new List<string>();
        if (platform is not null && send)
        {
            try
            {
                sent = await platform.SendPendingAsync(db, scope.Tenant, scope.Clock, ct, problems);
            }
            catch (HttpRequestException e)
            {
                problems.Add("send: " + e.Message);
            }
        }

        if (platform is not null && receive)
        {
            try
            {
                (received, ignored) = await ReceiveAsync(scope, platform, problems, ct);
            }
            catch (HttpRequestException e)
            {
                problems.Add("receive: " + e.Message);
            }
        }

        var pending = await db.Set<EInvoiceStatus>().CountAsync(s => s.Direction == StatusDirection.Out && s.State == OutgoingState.Pending, ct);
        return new ExchangeOutcome(produced, sent, pending, received, ignored, problems);
    }

    private static async Task<(int Received, int Ignored)> ReceiveAsync(CollectionsScope scope, PlatformClient platform, List<string> problems, CancellationToken ct)
    {
        var flows = await platform.SearchIncomingStatusesAsync(scope.Now - ReceiveWindow, ct);
        int received = 0, ignored = 0;
        foreach (var flow in flows)
        {
            var key = "in:" + MessageId(flow);
            if (await scope.Db.Set<EInvoiceStatus>().AnyAsync(s => s.Key == key, ct))
            {
                ignored++;
                continue;
            }

            var (cdar, problem) = CdarMessage.Read(await platform.DownloadAsync(flow, ct));
            if (cdar is null)
            {
                problems.Add($"flow {flow}: {problem}");
                continue;
            }

            var result = await EInvoiceStatuses.ReceiveAsync(scope, new ReceivedStatus(cdar.InvoiceNumber, cdar.StatusCode, cdar.StatusDate, cdar.Reason,
                cdar.ReasonCode, cdar.Amount, MessageId(flow), "platform"), ct);
            if (result.IsOk)
            {
                received++;
            }
            else if (result.Error!.Code == "einvoice.notFound")
            {
                ignored++; // A status about an invoice that is not one of the company's e-invoices (or not imported yet).
            }
            else
            {
                problems.Add($"flow {flow}: {result.Error.Code}");
            }

            scope.Db.ChangeTracker.Clear();
        }

        return (received, ignored);
    }

    /// <summary>A received flow is recorded under its platform flow id, whatever message id its file carries.</summary>
    private static string MessageId(string flowId) => "flow:" + flowId;

    /// <summary>
    /// The client for the tenant's platform: its URL from <c>einvoice settings --platform</c> (or <c>ENCAISSE_PA_URL</c>),
    /// the bearer token from <c>ENCAISSE_PA_TOKEN</c>. Null when no platform is configured.
    /// </summary>
    public static PlatformClient? ClientFor(EInvoiceSettings settings, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = settings.PlatformUrl ?? Environment.GetEnvironmentVariable("ENCAISSE_PA_URL");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUri))
        {
            return null;
        }

        var owned = http is null;
        http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.BaseAddress ??= baseUri;
        if (Environment.GetEnvironmentVariable("ENCAISSE_PA_TOKEN") is { Length: > 0 } token && http.DefaultRequestHeaders.Authorization is null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return new PlatformClient(http) { OwnsHttp = owned };
    }
}
