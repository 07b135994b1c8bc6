using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

/// <summary>Console output is process-wide: these tests run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection(nameof(ConsoleCollection))]
public sealed class CollectionsCliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(TestDatabase database, params string[] args)
    {
        return await ConsoleCapture.RunCliAsync([.. args, "--db", database.Target.ConnectionString, "--tenant", "acme"]);
    }

    /// <summary>The CLI uses the real clock: the data is seeded around the real "today" in Paris.</summary>
    private static DateOnly Today => BusinessCalendar.Today(TimeProvider.System, "Europe/Paris");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_exits_with_2_and_a_readable_message(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CollectionsData.SeedAsync(database, today: Today);
        var unknown = Guid.NewGuid().ToString();

        var cases = new (string[] Args, string Message)[]
        {
            (["dispute", "open", "411DUPONT", "--invoice", "FA-100", "--reason", "price"], "belongs to another customer"),
            (["dispute", "open", "411DUPONT", "--invoice", "FA-001", "--reason", "bogus"], "--reason"),
            (["dispute", "open", "411NOBODY", "--invoice", "FA-001", "--reason", "price"], "No customer '411NOBODY'. [customer.notFound]"),
            (["dispute", "status", "not-an-id", "in-review"], "is not an id"),
            (["dispute", "status", unknown, "in-review"], "No dispute " + unknown + ". [dispute.notFound]"),
            (["promise", "add", "411DUPONT", "--amount", "100.00", "--date", Day(Today.AddDays(-2))], "in the past"),
            (["promise", "add", "411DUPONT", "--amount", "1O0", "--date", Day(Today)], "--amount"),
            (["promise", "add", "411DUPONT", "--amount", "100", "--date", "2026-13-45"], "--date"),
            (["promise", "add", "411DUPONT", "--amount", "99999", "--date", Day(Today)], "open balance"),
            (["promise", "check", "--as-of", "yesterday"], "--as-of"),
            (["plan", "add", "411DUPONT", "--instalment", "soon"], "DATE=AMOUNT"),
            (["plan", "add", "411DUPONT", "--instalment", Day(Today.AddDays(5)) + "=100", "--total", "200"], "not the total"),
            (["task", "list", "--today"], "--collector"),
            (["task", "log-call", unknown, "--outcome", "reached"], "No task"),
            (["task", "log-call", unknown, "--outcome", "maybe"], "--outcome"),
            (["hold", "add", "411DUPONT", "--reason", "Legal", "--kind", "exclusion"], "end date"),
            (["hold", "lift", unknown], "No hold"),
            (["timeline", "411NOBODY"], "No customer"),
            (["timeline", "411DUPONT", "--page", "0"], "page"),
        };

        foreach (var (args, message) in cases)
        {
            var (code, _, err) = await RunAsync(database, args);
            code.ShouldBe(2, string.Join(' ', args) + " -> " + err);
            err.ShouldContain(message, Case.Sensitive, string.Join(' ', args));
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_day_through_the_cli_with_json(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CollectionsData.SeedAsync(database, today: Today);

        var (code, output, err) = await RunAsync(database, "dispute", "open", "411DUPONT", "--invoice", "FA-001", "--reason", "not-received", "--by", "marie", "--json");
        code.ShouldBe(0, err);
        var dispute = JsonDocument.Parse(output).RootElement;
        dispute.GetProperty("reason").GetString().ShouldBe("notReceived");
        var id = dispute.GetProperty("id").GetString()!;
        (code, output, err) = await RunAsync(database, "dispute", "status", id, "in-review", "--comment", "Asked the carrier", "--json");
        code.ShouldBe(0, err);
        JsonDocument.Parse(output).RootElement.GetProperty("status").GetString().ShouldBe("inReview");
        (code, output, _) = await RunAsync(database, "dispute", "list", "--active");
        code.ShouldBe(0);
        output.ShouldContain("411DUPONT");

        (code, output, err) = await RunAsync(database, "promise", "add", "411DUPONT", "--amount", "600.00", "--date", Day(Today.AddDays(5)), "--json");
        code.ShouldBe(0, err);
        var promiseId = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        (code, _, err) = await RunAsync(database, "promise", "cancel", promiseId);
        code.ShouldBe(0, err);
        (code, _, err) = await RunAsync(database, "promise", "cancel", promiseId);
        code.ShouldBe(1);
        err.ShouldContain("already cancelled");
        (code, output, _) = await RunAsync(database, "promise", "check", "--as-of", Day(Today.AddDays(30)), "--json");
        code.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetArrayLength().ShouldBe(0);

        (code, output, err) = await RunAsync(database, "plan", "add", "411MARTIN", "--total", "500", "--count", "2", "--first", Day(Today.AddDays(10)), "--request", "--json");
        code.ShouldBe(0, err);
        JsonDocument.Parse(output).RootElement.GetProperty("status").GetString().ShouldBe("active");
        (code, output, _) = await RunAsync(database, "plan", "list", "--customer", "411MARTIN");
        code.ShouldBe(0);
        output.ShouldContain("#2");

        (code, output, err) = await RunAsync(database, "task", "add", "411DUPONT", "--title", "Follow up", "--json");
        code.ShouldBe(0, err);
        var taskId = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        (code, output, _) = await RunAsync(database, "task", "list", "--today", "--collector", "marie", "--json");
        code.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetArrayLength().ShouldBe(1);
        (code, output, err) = await RunAsync(database, "task", "log-call", taskId, "--outcome", "promise", "--amount", "200", "--date", Day(Today.AddDays(3)), "--json");
        code.ShouldBe(0, err);
        JsonDocument.Parse(output).RootElement.GetProperty("promiseId").GetString().ShouldNotBeNull();

        (code, output, err) = await RunAsync(database, "hold", "add", "411DUPONT", "--reason", "Director in hospital", "--json");
        code.ShouldBe(0, err);
        var holdId = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        (code, _, err) = await RunAsync(database, "hold", "lift", holdId);
        code.ShouldBe(0, err);
        (code, _, err) = await RunAsync(database, "note", "add", "411DUPONT", "Prefers e-mail");
        code.ShouldBe(0, err);

        (code, output, err) = await RunAsync(database, "timeline", "411DUPONT", "--json");
        code.ShouldBe(0, err);
        var kinds = JsonDocument.Parse(output).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds.ShouldBe(["dispute.opened", "dispute.in_review", "promise.recorded", "promise.cancelled", "task.created", "promise.recorded", "call.logged", "hold.added", "hold.lifted", "note"], ignoreOrder: true);
        (code, output, _) = await RunAsync(database, "timeline", "411DUPONT", "--kind", "dispute");
        code.ShouldBe(0);
        output.ShouldContain("dispute.in_review");
        output.ShouldContain("marie");
        output.ShouldContain("Litige ouvert sur");
        (code, output, _) = await RunAsync(database, "timeline", "411DUPONT", "--kind", "dispute", "--lang", "en");
        code.ShouldBe(0);
        output.ShouldContain("Dispute opened on");
    }
}
