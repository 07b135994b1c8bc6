using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Cli;

/// <summary>
/// <c>encaisse dunning approve-many|reject-many</c>: the approvals queue's bulk decisions from the command line, through
/// <c>ApprovalDecisions</c> as the page and <c>POST /dunning/actions/approve|reject</c>: one result per reminder (text or
/// the API's JSON), exit 0 / 1 (one refused) / 2 (the request refused whole), on SQLite and PostgreSQL.
/// </summary>
[Collection("Console")]
public sealed class BulkApprovalCliTests
{
    private static string DbArg(TestDatabase database) => database.Target.Provider == DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
        : database.Target.ConnectionString;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approve_and_reject_many_decide_each_reminder_and_print_one_result_each(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        var second = new DunningAction
        {
            TenantId = tenant.Id, CustomerId = web.Bernard.Id, StepKey = "step:2", StepNumber = 2, Channel = DunningChannel.Email, Tone = DunningTone.Firm,
            TemplateKey = "firm", Status = DunningActionStatus.AwaitingApproval, PlannedOn = WebSeed.Today, Level = 20, AmountMinor = 480_00,
            Recipient = "luc@boulangerie-bernard.example", Subject = "Relance : facture FA-2026-0120", Body = "<p>Madame, Monsieur,</p>",
            MessageId = "step2.bernard@acme.example", NextAttemptAt = QueueSeed.Now, CreatedAt = QueueSeed.Now,
        };
        await using (var seed = database.For(tenant))
        {
            seed.Add(second);
            await seed.SaveChangesAsync();
        }

        var db = DbArg(database);

        // Refused whole: no reason (the API's code), an argument that is not an action id.
        var (exit, _, stderr) = await ConsoleCapture.RunCliAsync("dunning", "reject-many", second.Id.ToString(), "--db", db);
        exit.ShouldBe(2);
        stderr.ShouldContain("[approval.reasonNeeded]");
        (exit, _, stderr) = await ConsoleCapture.RunCliAsync("dunning", "approve-many", "FA-2026-0101", "--db", db);
        exit.ShouldBe(2);
        stderr.ShouldContain("'FA-2026-0101' is not an action id.");

        // Reject two: the waiting one is rejected, the failed send is not waiting for approval (refused, exit 1).
        string stdout;
        (exit, stdout, _) = await ConsoleCapture.RunCliAsync("dunning", "reject-many", second.Id.ToString(), queued.Failed.Id.ToString(),
            "--reason", "Réglé par chèque", "--by", "claire", "--json", "--db", db);
        exit.ShouldBe(1);
        var body = JsonDocument.Parse(stdout).RootElement;
        (body.GetProperty("done").GetInt32(), body.GetProperty("failed").GetInt32()).ShouldBe((1, 1));
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items[0].GetProperty("item").GetString().ShouldBe(second.Id.ToString());
        items[0].GetProperty("value").GetProperty("outcome").GetString().ShouldBe("rejected");
        items[1].GetProperty("code").GetString().ShouldBe("approval.notAwaiting");
        items[1].GetProperty("message").GetString().ShouldBe("The reminder to 411BERNARD is no longer waiting for approval.");

        // Approve the waiting reminder and an unknown id: one line each, then the count.
        var unknown = Guid.NewGuid();
        (exit, stdout, _) = await ConsoleCapture.RunCliAsync("dunning", "approve-many", queued.Awaiting.Id.ToString(), unknown.ToString(), "--by", "claire", "--db", db);
        exit.ShouldBe(1);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith(queued.Awaiting.Id + "\t");
        lines[0].ShouldEndWith("(411DUPONT)");
        lines[1].ShouldStartWith(unknown + "\tapproval.notFound: ");
        lines[2].ShouldBe("1 done, 1 refused");

        await using var check = database.For(tenant);
        var actions = await check.Set<DunningAction>().AsNoTracking().ToDictionaryAsync(a => a.Id);
        actions[second.Id].Status.ShouldBe(DunningActionStatus.Skipped);
        actions[second.Id].LastError.ShouldBe("rejected by claire: Réglé par chèque");
        actions[queued.Awaiting.Id].Status.ShouldNotBe(DunningActionStatus.AwaitingApproval);
        actions[queued.Awaiting.Id].ApprovedBy.ShouldBe("claire");
        actions[queued.Failed.Id].Status.ShouldBe(DunningActionStatus.Failed);
    }
}
