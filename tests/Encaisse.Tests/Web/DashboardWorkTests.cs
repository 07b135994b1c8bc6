using System.Net;
using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The dashboard's "today's work" counts of the dunning outbox, with links to the queues.</summary>
public sealed class DashboardWorkTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reminders_to_approve_and_failed_sends_are_counted_with_links_to_their_queues(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            DunningAction Action(string step, DunningActionStatus status) => new()
            {
                TenantId = server.Tenant.Id,
                CustomerId = seed.Dupont.Id,
                StepKey = step,
                TemplateKey = "formal-notice",
                Status = status,
                PlannedOn = WebSeed.Today,
                CreatedAt = DateTimeOffset.UtcNow,
                NextAttemptAt = DateTimeOffset.UtcNow,
            };
            var bounced = Action("step:5", DunningActionStatus.Sent);
            bounced.Outcome = "bounced: Status: 5.1.1";
            var rejected = Action("step:6", DunningActionStatus.Skipped);
            rejected.LastError = "rejected by marie";
            db.AddRange(Action("step:1", DunningActionStatus.Sent), Action("step:2", DunningActionStatus.AwaitingApproval),
                Action("step:3", DunningActionStatus.Failed), Action("step:4", DunningActionStatus.Failed), bounced, rejected);
            await db.SaveChangesAsync();
            // The bounce counts through its open task (as the failures queue lists it); the rejected reminder does not count.
            db.Add(new CollectionTask
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, Kind = CollectionTaskKind.BouncedEmail, Title = "Adresse en échec",
                DueOn = WebSeed.Today, DunningActionId = bounced.Id, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        using var client = await ImportPageTests.SignedInAsync(server, "claire");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        page.ShouldMatch("""href="/queues/approvals" data-testid="approvals-waiting">Relances à approuver <span class="badge warn">1</span>""");
        page.ShouldMatch("""href="/queues/failures" data-testid="failed-sends">Envois en échec <span class="badge bad">3</span>""");
        // KPIs and the forecast come from the Reporting queries (real figures, not placeholders).
        page.ShouldContain("data-testid=\"kpis\"");
        page.ShouldContain("data-testid=\"forecast-total\"");
        page.ShouldContain("28 025,71 €");
        // No factor and no credit insurance: neither line is shown.
        page.ShouldNotContain("data-testid=\"transfers-to-make\"");
        page.ShouldNotContain("data-testid=\"declarations-due\"");
    }
}
