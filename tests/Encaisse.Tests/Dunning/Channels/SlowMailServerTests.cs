using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Running;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Dunning.Scheduling;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Channels;

/// <summary>
/// A mail server that stores the message but answers after the client's timeout: the reminder "may have left" and goes
/// to a person, never out a second time; a server that refuses before any data is simply retried.
/// </summary>
public class SlowMailServerTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_server_answering_after_the_timeout_gives_may_have_left_and_never_a_second_send(string provider)
    {
        await using var server = new SlowSmtpServer { AnswerAfter = TimeSpan.FromSeconds(4) };
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database, emails: 1);
        await using (var db = database.For(world.Tenant))
        {
            var settings = await db.Set<DunningSettings>().SingleAsync();
            (settings.SmtpPort, settings.SmtpSecurity) = (server.Port, SmtpSecurity.None);
            await db.SaveChangesAsync();
        }

        // The client waits 1 s for each answer (MailKit's timeout), the server answers DATA after 4 s.
        var channels = new DunningChannels { Email = new SmtpEmailSender { Timeout = TimeSpan.FromSeconds(1) } };
        var node = world.Node("node-a", channels: channels);

        (await node.TickAsync(default)).ShouldBe(1);

        server.Stored.Count.ShouldBe(1);
        await using (var db = database.For(world.Tenant))
        {
            var action = await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Channel == DunningChannel.Email && a.TemplateKey != DunningTestData.Earlier);
            action.Status.ShouldBe(DunningActionStatus.Failed);
            action.LastError.ShouldNotBeNull().ShouldContain("may have left");
            action.LastError.ShouldContain(action.MessageId!);
            server.Stored.Single().ShouldBe(action.MessageId);
            var review = await db.Set<CollectionTask>().SingleAsync(t => t.DunningActionId == action.Id && t.Title.StartsWith("Vérifier"));
            review.Kind.ShouldBe(CollectionTaskKind.Review);
        }

        // Nothing sends it again: not the server's retries, not tomorrow's run, not a manual run.
        foreach (var wait in new[] { TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromDays(1) })
        {
            world.Clock.Advance(wait);
            await node.TickAsync(default);
        }

        await new DunningRunner(database.Factory, world.Clock, channels).RunAsync(world.Tenant, new DunningRunOptions(), default);
        server.Stored.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_server_refusing_before_any_data_is_retried_and_a_closed_port_too(string provider)
    {
        await using var server = new SlowSmtpServer { RefuseSender = true, AnswerAfter = TimeSpan.Zero };
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411REFUS");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", new DateOnly(2026, 3, 16), 500m);
        await DunningTestData.SettingsAsync(database, tenant, s => (s.SmtpPort, s.SmtpSecurity) = (server.Port, SmtpSecurity.None));
        var clock = FakeClock.At(new DateOnly(2026, 3, 19));
        var channels = new DunningChannels { Email = new SmtpEmailSender { Timeout = TimeSpan.FromSeconds(5) } };
        var runner = new DunningRunner(database.Factory, clock, channels);

        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);

        (report.Retrying, report.MayHaveLeft, report.Failed).ShouldBe((1, 0, 0));
        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single();
        (action.Status, action.Attempts, action.AttemptStartedAt).ShouldBe((DunningActionStatus.Planned, 1, (DateTimeOffset?)null));
        action.LastError.ShouldNotBeNull().ShouldContain("NotDeliveredException");
        server.Stored.ShouldBeEmpty();

        // Nobody listening: the connection fails before the attempt starts; retried too.
        await server.DisposeAsync();
        clock.Advance(TimeSpan.FromMinutes(6));
        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Retrying.ShouldBe(1);
        action = (await DunningTestData.ActionsAsync(database, tenant)).Single();
        (action.Status, action.Attempts, action.AttemptStartedAt).ShouldBe((DunningActionStatus.Planned, 2, (DateTimeOffset?)null));
    }
}
