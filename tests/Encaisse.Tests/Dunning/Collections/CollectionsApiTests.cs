using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class CollectionsApiTests
{
    private static async Task<(TestServer Server, CollectionsData Data)> StartAsync(string provider)
    {
        var server = await TestServer.StartAsync(provider, FakeClock.At(CollectionsData.DefaultToday));
        var data = await CollectionsData.SeedAsync(server.Database, server.Tenant);
        server.Api.DefaultRequestHeaders.Add("X-Actor", "marie");
        return (server, data);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disputes_round_trip_with_validation_problems(string provider)
    {
        var (server, _) = await StartAsync(provider);
        await using var _server = server;
        var api = server.Api;

        var created = await Json(await api.PostAsJsonAsync("/api/v1/disputes", new { customerRef = "411DUPONT", invoiceNumbers = new[] { "FA-001" }, reason = "notReceived", description = "Never delivered" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        created.GetProperty("status").GetString().ShouldBe("open");
        created.GetProperty("amountMinor").GetInt64().ShouldBe(120000);
        created.GetProperty("history")[0].GetProperty("actor").GetString().ShouldBe("marie");

        var moved = await Json(await api.PostAsJsonAsync($"/api/v1/disputes/{id}/status", new { status = "inReview", comment = "Checking the delivery note" }), HttpStatusCode.OK);
        moved.GetProperty("status").GetString().ShouldBe("inReview");
        (await Json(await api.GetAsync($"/api/v1/disputes/{id}"), HttpStatusCode.OK)).GetProperty("history").GetArrayLength().ShouldBe(2);
        var listed = await Json(await api.GetAsync("/api/v1/disputes?status=in-review&customer=411DUPONT"), HttpStatusCode.OK);
        listed.GetProperty("items").GetArrayLength().ShouldBe(1);
        listed.GetProperty("total").GetInt32().ShouldBe(1);
        listed.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
        listed.GetProperty("page").GetInt32().ShouldBe(1);
        listed.GetProperty("pageSize").GetInt32().ShouldBe(50);
        (await Json(await api.GetAsync("/api/v1/disputes?status=open"), HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        // The second page of one-row pages is empty but still counts the one dispute; a page size out of range is refused.
        var second = await Json(await api.GetAsync("/api/v1/disputes?customer=411DUPONT&page=2&pageSize=1"), HttpStatusCode.OK);
        second.GetProperty("items").GetArrayLength().ShouldBe(0);
        second.GetProperty("total").GetInt32().ShouldBe(1);
        (await api.GetAsync("/api/v1/disputes?pageSize=501")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var invalid = await Json(await api.PostAsJsonAsync("/api/v1/disputes", new { customerRef = "411DUPONT", invoiceNumbers = new[] { "FA-100" }, reason = "price" }), HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").GetProperty("invoiceNumbers")[0].GetString()!.ShouldContain("another customer");
        var transition = await Json(await api.PostAsJsonAsync($"/api/v1/disputes/{id}/status", new { status = "resolvedWithCreditNote" }), HttpStatusCode.BadRequest);
        transition.GetProperty("errors").GetProperty("creditNoteNumber").GetArrayLength().ShouldBe(1);
        var badFilter = await Json(await api.GetAsync("/api/v1/disputes?status=closed"), HttpStatusCode.BadRequest);
        badFilter.GetProperty("errors").GetProperty("status")[0].GetString()!.ShouldContain("inReview");
        (await api.PostAsJsonAsync("/api/v1/disputes", new { customerRef = "411NOBODY", invoiceNumbers = new[] { "FA-001" }, reason = "price" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetAsync($"/api/v1/disputes/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Promises_plans_and_the_timeline_round_trip(string provider)
    {
        var (server, data) = await StartAsync(provider);
        await using var _server = server;
        var api = server.Api;

        var promise = await Json(await api.PostAsJsonAsync("/api/v1/promises", new { customerRef = "411DUPONT", amount = 500.00m, date = Day(data.Today.AddDays(7)), channel = "email" }), HttpStatusCode.Created);
        promise.GetProperty("status").GetString().ShouldBe("pending");
        var past = await Json(await api.PostAsJsonAsync("/api/v1/promises", new { customerRef = "411DUPONT", amount = 5m, date = Day(data.Today.AddDays(-1)) }), HttpStatusCode.BadRequest);
        past.GetProperty("errors").GetProperty("date").GetArrayLength().ShouldBe(1);
        var pending = await Json(await api.GetAsync("/api/v1/promises?customer=411DUPONT&status=pending"), HttpStatusCode.OK);
        pending.GetProperty("items").GetArrayLength().ShouldBe(1);
        pending.GetProperty("total").GetInt32().ShouldBe(1);
        (await api.GetAsync("/api/v1/promises?page=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var cancelled = await Json(await api.PostAsJsonAsync($"/api/v1/promises/{promise.GetProperty("id").GetString()}/cancel", new { reason = "Replaced by a plan" }), HttpStatusCode.OK);
        cancelled.GetProperty("status").GetString().ShouldBe("cancelled");
        (await api.PostAsJsonAsync($"/api/v1/promises/{promise.GetProperty("id").GetString()}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var request = await Json(await api.PostAsJsonAsync("/api/v1/payment-plans/requests", new
        {
            customerRef = "411DUPONT",
            instalments = new[] { new { dueDate = Day(data.Today.AddDays(10)), amount = 800m }, new { dueDate = Day(data.Today.AddDays(40)), amount = 800m } },
        }), HttpStatusCode.Created);
        request.GetProperty("status").GetString().ShouldBe("active");
        request.GetProperty("channel").GetString().ShouldBe("portal");
        (await Json(await api.GetAsync("/api/v1/payment-plans?customer=411DUPONT"), HttpStatusCode.OK))[0].GetProperty("instalments").GetArrayLength().ShouldBe(2);
        var sum = await Json(await api.PostAsJsonAsync("/api/v1/payment-plans", new { customerRef = "411MARTIN", total = 500m, instalments = new[] { new { dueDate = Day(data.Today.AddDays(10)), amount = 100m } } }), HttpStatusCode.BadRequest);
        sum.GetProperty("errors").GetProperty("instalments").GetArrayLength().ShouldBe(1);
        var policy = await Json(await api.GetAsync("/api/v1/collections-policy"), HttpStatusCode.OK);
        policy.GetProperty("maxInstalments").GetInt32().ShouldBe(6);

        var note = await api.PostAsJsonAsync("/api/v1/customers/411DUPONT/notes", new { text = "Prefers calls in the morning" });
        note.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Json(await api.GetAsync("/api/v1/customers/411DUPONT/notes"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);
        (await Json(await api.PostAsJsonAsync("/api/v1/customers/411DUPONT/notes", new { text = "" }), HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("text").GetArrayLength().ShouldBe(1);

        var page = await Json(await api.GetAsync("/api/v1/customers/411DUPONT/timeline?page=1&pageSize=2"), HttpStatusCode.OK);
        page.GetProperty("total").GetInt32().ShouldBe(4);
        page.GetProperty("entries").GetArrayLength().ShouldBe(2);
        var kinds = (await Json(await api.GetAsync("/api/v1/customers/411DUPONT/timeline"), HttpStatusCode.OK)).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds.ShouldBe(["promise.recorded", "promise.cancelled", "plan.accepted", "note"], ignoreOrder: true);
        string NoteSummary(JsonElement timeline) => timeline.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "note")
            .GetProperty("summary").GetString()!;
        NoteSummary(await Json(await api.GetAsync("/api/v1/customers/411DUPONT/timeline"), HttpStatusCode.OK)).ShouldBe("Note : Prefers calls in the morning");
        NoteSummary(await Json(await api.GetAsync("/api/v1/customers/411DUPONT/timeline?lang=en"), HttpStatusCode.OK)).ShouldBe("Note: Prefers calls in the morning");
        (await api.GetAsync("/api/v1/customers/411NOBODY/timeline")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Json(await api.GetAsync("/api/v1/customers/411DUPONT/timeline?pageSize=1000"), HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("pageSize").GetArrayLength().ShouldBe(1);
        var check = await Json(await api.PostAsync($"/api/v1/collections/check?asOf={Day(data.Today.AddDays(60))}", null), HttpStatusCode.OK);
        check.GetProperty("plans")[0].GetProperty("status").GetString().ShouldBe("defaulted");
        var pauses = await Json(await api.GetAsync($"/api/v1/customers/411DUPONT/dunning-pauses?asOf={Day(data.Today.AddDays(5))}"), HttpStatusCode.OK);
        pauses.GetProperty("customerReasons")[0].GetProperty("cause").GetString().ShouldBe("paymentPlan");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tasks_and_holds_round_trip(string provider)
    {
        var (server, data) = await StartAsync(provider);
        await using var _server = server;
        var api = server.Api;

        var task = await Json(await api.PostAsJsonAsync("/api/v1/tasks", new { customerRef = "411DUPONT", title = "Reminder call" }), HttpStatusCode.Created);
        var calls = await Json(await api.GetAsync("/api/v1/tasks/calls-of-the-day?collector=marie"), HttpStatusCode.OK);
        calls.GetArrayLength().ShouldBe(1);
        (await Json(await api.GetAsync("/api/v1/tasks/calls-of-the-day"), HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("collector").GetArrayLength().ShouldBe(1);
        var logged = await Json(await api.PostAsJsonAsync($"/api/v1/tasks/{task.GetProperty("id").GetString()}/calls",
            new { outcome = "callBack", comment = "Accountant away", callBackOn = Day(data.Today.AddDays(1)) }), HttpStatusCode.OK);
        logged.GetProperty("task").GetProperty("status").GetString().ShouldBe("done");
        logged.GetProperty("nextTaskId").GetString().ShouldNotBeNull();
        (await Json(await api.GetAsync("/api/v1/tasks?customer=411DUPONT&status=open"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);
        var next = logged.GetProperty("nextTaskId").GetString();
        var bad = await Json(await api.PostAsJsonAsync($"/api/v1/tasks/{next}/calls", new { outcome = "promise", promiseAmount = 10m }), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("promiseDate").GetArrayLength().ShouldBe(1);
        (await Json(await api.PostAsJsonAsync($"/api/v1/tasks/{next}/complete", new { comment = "Paid meanwhile" }), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("done");

        var hold = await Json(await api.PostAsJsonAsync("/api/v1/holds", new { customerRef = "411MARTIN", kind = "exclusion", reason = "Retention", until = Day(data.Today.AddDays(30)), invoiceNumber = "FA-100" }), HttpStatusCode.Created);
        hold.GetProperty("invoiceNumber").GetString().ShouldBe("FA-100");
        (await Json(await api.PostAsJsonAsync("/api/v1/holds", new { customerRef = "411MARTIN", kind = "exclusion", reason = "No end" }), HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("until").GetArrayLength().ShouldBe(1);
        (await Json(await api.GetAsync("/api/v1/holds?customer=411MARTIN"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);
        var lifted = await Json(await api.PostAsync($"/api/v1/holds/{hold.GetProperty("id").GetString()}/lift", null), HttpStatusCode.OK);
        lifted.GetProperty("activeToday").GetBoolean().ShouldBeFalse();
        (await Json(await api.GetAsync("/api/v1/holds?customer=411MARTIN"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);
        (await Json(await api.GetAsync("/api/v1/holds?customer=411MARTIN&all=true"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);
    }
}
