using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The bulk actions over the API: 200 with one result per item, ProblemDetails with its code when refused as a whole.</summary>
public sealed class BulkApiTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_endpoints_answer_item_by_item(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);

        using var refused = await server.Api.PostAsJsonAsync("/api/v1/customers/assign-collector", new { customers = new[] { "411BERNARD" }, collector = "claire" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(refused)).GetProperty("code").GetString().ShouldBe("bulk.collectorUnknown");

        server.Api.DefaultRequestHeaders.Add("X-Actor", "erp-sync");
        using var assigned = await server.Api.PostAsJsonAsync("/api/v1/customers/assign-collector", new { customers = new[] { "411BERNARD", "411NOPE" }, collector = "marie" });
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(assigned);
        body.GetProperty("done").GetInt32().ShouldBe(1);
        body.GetProperty("failed").GetInt32().ShouldBe(1);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items[0].GetProperty("ok").GetBoolean().ShouldBeTrue();
        items[0].GetProperty("value").GetProperty("previous").GetString().ShouldBe("paul");
        items[1].GetProperty("item").GetString().ShouldBe("411NOPE");
        items[1].GetProperty("code").GetString().ShouldBe("customer.notFound");
        items[1].GetProperty("message").GetString().ShouldBe("No customer '411NOPE'.");

        using var noReason = await server.Api.PostAsJsonAsync("/api/v1/dunning/actions/reject", new { ids = new[] { queued.Awaiting.Id } });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("code").GetString().ShouldBe("approval.reasonNeeded");
        using var nothing = await server.Api.PostAsJsonAsync("/api/v1/dunning/actions/approve", new { ids = Array.Empty<Guid>() });
        (await Json(nothing)).GetProperty("code").GetString().ShouldBe("bulk.nothingSelected");

        using var rejected = await server.Api.PostAsJsonAsync("/api/v1/dunning/actions/reject",
            new { ids = new[] { queued.Awaiting.Id, queued.Failed.Id }, reason = "Réglé par chèque" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        var decisions = (await Json(rejected)).GetProperty("items").EnumerateArray().ToList();
        decisions[0].GetProperty("value").GetProperty("outcome").GetString().ShouldBe("rejected");
        decisions[1].GetProperty("code").GetString().ShouldBe("approval.notAwaiting");

        await using var db = server.Database.For(server.Tenant);
        (await db.Customers.SingleAsync(c => c.ExternalRef == "411BERNARD")).Collector.ShouldBe("marie");
        (await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id)).LastError.ShouldBe("rejected by erp-sync: Réglé par chèque");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
