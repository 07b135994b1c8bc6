using System.Net;
using System.Text.RegularExpressions;
using Encaisse.Dunning;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Read-only users see the queues but every POST of the queue and document pages is refused before it acts.</summary>
public sealed partial class QueueAccessTests
{
    [Fact]
    public async Task A_read_only_user_sees_the_queues_and_cannot_act_on_them()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        (await client.PostAsync("/login", Form(await TokenAsync(client, "/login"), ("login", "lecture"), ("password", WebSeed.Password)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        foreach (var page in new[] { "/queues", "/queues/approvals", "/queues/calls", "/queues/failures", "/queues/bank", "/queues/bank?show=unmatched", $"/queues/bank/{queued.TwoInvoices.Id}" })
        {
            var html = await client.GetStringAsync(page);
            html.ShouldNotContain("handler=Approve", customMessage: page);
            html.ShouldNotContain("handler=Retry", customMessage: page);
            html.ShouldNotContain("handler=Accept", customMessage: page);
        }

        var token = await TokenAsync(client, "/queues/approvals");
        var posts = new[]
        {
            $"/queues/approvals?handler=Approve&id={queued.Awaiting.Id}",
            $"/queues/failures?handler=Retry&id={queued.Failed.Id}",
            $"/queues/bank?handler=Accept&id={queued.ExactAmount.Id}",
            $"/queues/bank/{queued.TwoInvoices.Id}?customer=411DUPONT",
            $"/customers/{web.Dupont.Id}/documents?handler=SendStatement",
            $"/customers/{web.Dupont.Id}/documents?handler=Escalate",
        };
        foreach (var post in posts)
        {
            var response = await client.PostAsync(post, Form(token, ("lines[0].Number", "FA-2026-0142"), ("lines[0].Amount", "2400"), ("kind", "FormalNotice")));
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Forbidden, HttpStatusCode.Redirect], post);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                response.Headers.Location!.ToString().ShouldContain("/login", customMessage: post);
            }
        }

        sink.Messages().ShouldBeEmpty();
        await using var db = server.Database.For(server.Tenant);
        (await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id)).Status.ShouldBe(DunningActionStatus.AwaitingApproval);
        (await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id)).Status.ShouldBe(DunningActionStatus.Failed);
        (await db.Set<BankTransaction>().CountAsync(t => t.Status == BankTransactionStatus.Review)).ShouldBe(2);
        (await db.Set<CustomerDocument>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Queues_are_read_one_page_at_a_time()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            for (var i = 0; i < 25; i++)
            {
                db.Add(new DunningAction
                {
                    TenantId = server.Tenant.Id, CustomerId = web.Dupont.Id, StepKey = "step:" + (i + 1), Channel = DunningChannel.Letter, TemplateKey = "letter",
                    Status = DunningActionStatus.AwaitingApproval, PlannedOn = WebSeed.Today.AddDays(-i), Subject = $"Courrier {i:00}",
                    NextAttemptAt = QueueSeed.Now, CreatedAt = QueueSeed.Now,
                });
            }

            await db.SaveChangesAsync();
        }

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        await client.PostAsync("/login", Form(await TokenAsync(client, "/login"), ("login", "claire"), ("password", WebSeed.Password)));
        var first = await client.GetStringAsync("/queues/approvals");
        Regex.Count(first, "data-testid=\"approval\"").ShouldBe(20);
        first.ShouldContain("href=\"?p=2\" rel=\"next\"");
        first.ShouldContain("Courrier 24"); // oldest planned first
        (await client.GetStringAsync("/queues/approvals?lang=en")).ShouldContain("<h1>Reminders to approve</h1>");
        var second = await client.GetStringAsync("/queues/approvals?p=2&lang=fr");
        Regex.Count(second, "data-testid=\"approval\"").ShouldBe(5);
        second.ShouldNotContain("rel=\"next\"");
        second.ShouldContain("rel=\"prev\"");

        // A letter is previewed as its stored PDF, and offered again on the customer page once sent.
        byte[] pdf = [.. "%PDF-1.7 lettre de relance"u8];
        Guid letterId;
        await using (var db = server.Database.For(server.Tenant))
        {
            var letter = await db.Set<DunningAction>().FirstAsync(a => a.StepKey == "step:25");
            letter.Document = pdf;
            letterId = letter.Id;
            await db.SaveChangesAsync();
        }

        (await client.GetStringAsync("/queues/approvals")).ShouldContain($"handler=Document&amp;id={letterId}");
        using var preview = await client.GetAsync($"/queues/approvals?handler=Document&id={letterId}");
        preview.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await preview.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        (await client.GetStringAsync($"/customers/{web.Dupont.Id}")).ShouldContain($"handler=Letter&amp;actionId={letterId}");
        (await client.GetByteArrayAsync($"/customers/{web.Dupont.Id}/documents?handler=Letter&actionId={letterId}")).ShouldBe(pdf);
        (await client.GetAsync($"/customers/{web.Bernard.Id}/documents?handler=Letter&actionId={letterId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiForgery().Match(await client.GetStringAsync(path)).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
