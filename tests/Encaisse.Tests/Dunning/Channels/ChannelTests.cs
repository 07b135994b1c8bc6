using System.Net;
using System.Text;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Channels;

public class ChannelTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Emails_reach_a_real_smtp_server_and_a_bounce_marks_the_address_failing(string provider)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411SMTP", email: "ap@client.test");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-77", Due, 2400m);
        await DunningTestData.SettingsAsync(database, tenant, s =>
        {
            s.SmtpPort = smtp.Port;
            s.SmtpSecurity = SmtpSecurity.None;
        });
        var clock = FakeClock.At(Due.AddDays(-5));
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels());

        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);

        var message = smtp.Messages().ShouldHaveSingleItem();
        message.Subject.ShouldBe("Rappel : échéance prochaine de vos factures — ACME Industrie SAS");
        message.To.Mailboxes.Single().Address.ShouldBe("ap@client.test");
        message.HtmlBody!.ShouldContain("FA-77");
        message.HtmlBody!.ShouldContain("2 400,00 €");
        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single();
        action.MessageId.ShouldBe(message.MessageId);
        action.Outcome.ShouldBe("accepted: 2.0.0 Ok: stored 1");

        var dsn = $"""
            From: MAILER-DAEMON@client.test
            To: relances@acme.test
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <bounce-1@client.test>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Delivery failed.
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.client.test

            Final-Recipient: rfc822; ap@client.test
            Action: failed
            Status: 5.1.1
            --b1
            Content-Type: text/rfc822-headers

            Message-ID: <{message.MessageId}>
            Subject: {message.Subject}
            --b1--
            """.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        await using (var db = database.For(tenant))
        {
            var result = await DunningBounces.IngestAsync(db, new MemoryStream(Encoding.UTF8.GetBytes(dsn)), clock, default);
            result.Matched.ShouldBeTrue();
            result.Detail.ShouldContain("5.1.1");
        }

        await using (var db = database.For(tenant))
        {
            (await db.Contacts.SingleAsync()).EmailFailing.ShouldBeTrue();
            (await db.Set<CollectionTask>().SingleAsync()).Kind.ShouldBe(CollectionTaskKind.BouncedEmail);
        }

        // The failing address is not used again: the next e-mail step is skipped with a reason, not sent.
        clock.SetDate(Due.AddDays(3));
        var next = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        next.Skipped.ShouldBe(1);
        smtp.Messages().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Sms_goes_to_the_configured_http_provider_with_the_token()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Auth, string Body)>();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            received.Add((context.Request.Headers["Authorization"] ?? "", await reader.ReadToEndAsync()));
            var answer = Encoding.UTF8.GetBytes("{\"id\":\"sms-123\"}");
            context.Response.StatusCode = 201;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        });

        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411SMS", phone: "+33612345678");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F-SMS", Due, 75.5m);
        await DunningTestData.SettingsAsync(database, tenant, s =>
        {
            s.SmsUrl = $"http://127.0.0.1:{port}/send";
            s.SmsToken = "secret-token";
            s.SmsSender = "ACME";
        });
        await using (var db = database.For(tenant))
        {
            var plan = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.ForKind == CustomerKind.Business);
            plan.Steps.Single(s => s.Number == 2).Channel = DunningChannel.Sms;
            await db.SaveChangesAsync();
        }

        var runner = new DunningRunner(database.Factory, FakeClock.At(Due.AddDays(4)), new DunningChannels());
        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);
        await serving;

        var (auth, body) = received.ShouldHaveSingleItem();
        auth.ShouldBe("Bearer secret-token");
        body.ShouldContain("\"to\":\"+33612345678\"");
        body.ShouldContain("75,50");
        (await DunningTestData.ActionsAsync(database, tenant)).Single().Outcome.ShouldBe("201 {\"id\":\"sms-123\"}");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
