using System.Collections.Concurrent;
using System.Net;
using Encaisse.EInvoicing;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>The platform client against a local HTTP server that answers a scripted sequence (a 503, then the flow
/// created): the retry carries the same idempotency key and the cashed status ends sent, once.</summary>
public sealed class PlatformClientTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pending_cashed_status_is_submitted_with_one_idempotency_key_across_retries(string provider)
    {
        var today = new DateOnly(2026, 2, 10);
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        var file = Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml");
        (await EInvoiceImport.RunAsync(test.Factory, tenant, [(Path.GetFileName(file), await File.ReadAllBytesAsync(file))], "test", FakeClock.At(today), default)).Imported.ShouldBe(1);
        await using (var db = test.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, FakeClock.At(today));
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-1", "987654321", today, 104.90m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-1", null, 104.90m, today), "manual", "test", default)).OrThrow();
            (await EInvoiceStatuses.ProduceCashedAsync(db, FakeClock.At(today), default)).ShouldBe(1);
        }

        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new ConcurrentQueue<(string Path, string? Key, string Body)>();
        var answers = new Queue<(int Status, string Body)>([(503, "{\"error\":\"busy\"}"), (201, "{\"flowId\":\"FLOW-42\"}")]);
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                seen.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Idempotency-Key"], await reader.ReadToEndAsync()));
                var (status, body) = answers.Dequeue();
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body));
                context.Response.Close();
            }
        });

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var client = new PlatformClient(http, _ => TimeSpan.Zero);
        await using (var db = test.For(tenant))
        {
            (await client.SendPendingAsync(db, tenant, FakeClock.At(today), default)).ShouldBe(1);
        }

        await serving;
        seen.Count.ShouldBe(2);
        seen.All(s => s.Path == "/v1/flows").ShouldBeTrue();
        seen.Select(s => s.Key).Distinct().Count().ShouldBe(1);
        seen.First().Key.ShouldNotBeNullOrEmpty();
        seen.Last().Body.ShouldContain("CrossDomainAcknowledgementAndResponse");
        seen.Last().Body.ShouldContain("<ram:StatusCode>212</ram:StatusCode>");

        await using (var db = test.For(tenant))
        {
            var status = await db.Set<EInvoiceStatus>().SingleAsync(s => s.Direction == StatusDirection.Out);
            status.State.ShouldBe(OutgoingState.Sent);
            status.PlatformId.ShouldBe("FLOW-42");
            status.Id.ToString("N").ShouldBe(seen.First().Key);
            // Nothing pending any more: a second run sends nothing (the listener is no longer answering).
            (await client.SendPendingAsync(db, tenant, FakeClock.At(today), default)).ShouldBe(0);
        }
    }

    private static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
