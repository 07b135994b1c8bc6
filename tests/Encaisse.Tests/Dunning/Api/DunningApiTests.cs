using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Api;

public class DunningApiTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Plan_routes_answer_the_operations_codes_and_never_delete_the_last_plan(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(Due));
        await DunningTestData.AddCustomerAsync(server.Database, server.Tenant, "411API");
        static async Task<string?> CodeOf(HttpResponseMessage response) =>
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var plan = new { name = "Grands comptes", steps = new object[] { new { offsetDays = 5, channel = "email", templateKey = "reminder", tone = "reminder" } } };
        // The built-in plans are created on the first list.
        var defaults = (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/plans")).EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        defaults.Count.ShouldBe(2);

        var created = await server.Api.PostAsJsonAsync("/api/v1/dunning/plans", plan);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var again = await server.Api.PostAsJsonAsync("/api/v1/dunning/plans", plan);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOf(again)).ShouldBe("plan.nameTaken");

        (await server.Api.PutAsync($"/api/v1/dunning/customers/411API/plan/{id}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var nobody = await server.Api.PutAsync($"/api/v1/dunning/customers/411NOBODY/plan/{id}", null);
        nobody.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOf(nobody)).ShouldBe("customer.notFound");
        var noPlan = await server.Api.PutAsync($"/api/v1/dunning/customers/411API/plan/{Guid.NewGuid()}", null);
        noPlan.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOf(noPlan)).ShouldBe("plan.notFound");

        foreach (var other in defaults)
        {
            (await server.Api.DeleteAsync($"/api/v1/dunning/plans/{other}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var last = await server.Api.DeleteAsync($"/api/v1/dunning/plans/{id}");
        last.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOf(last)).ShouldBe("plan.lastPlan");
        var gone = await server.Api.DeleteAsync($"/api/v1/dunning/plans/{defaults[0]}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOf(gone)).ShouldBe("plan.notFound");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Plans_run_actions_approval_evidence_and_preview(string provider)
    {
        var clock = FakeClock.At(Due.AddDays(31));
        await using var server = await TestServer.StartAsync(provider, clock);
        var customer = await DunningTestData.AddCustomerAsync(server.Database, server.Tenant, "411API");
        var invoice = await DunningTestData.AddInvoiceAsync(server.Database, server.Tenant, customer, "FA-API-1", Due, 640m);
        await DunningTestData.SentAsync(server.Database, server.Tenant, customer, [invoice], (2, Due.AddDays(3)), (3, Due.AddDays(10)), (4, Due.AddDays(20)));

        var plans = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/plans");
        plans.GetArrayLength().ShouldBe(2);

        var created = await server.Api.PostAsJsonAsync("/api/v1/dunning/plans", new
        {
            name = "Grands comptes",
            isDefault = false,
            forSegment = "GC",
            steps = new object[]
            {
                new { offsetDays = 15, channel = "email", templateKey = "reminder", tone = "reminder" },
                new { offsetDays = 5, channel = "email", templateKey = "courtesy", tone = "courtesy" },
            },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>();
        plan.GetProperty("steps")[0].GetProperty("offsetDays").GetInt32().ShouldBe(5);
        var invalid = await server.Api.PostAsJsonAsync("/api/v1/dunning/plans", new { name = "", steps = Array.Empty<object>() });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var dry = await (await server.Api.PostAsJsonAsync("/api/v1/dunning/run", new { dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        dry.GetProperty("actions")[0].GetProperty("status").GetString().ShouldBe("wouldPlan");
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/actions")).GetArrayLength().ShouldBe(3); // the steps sent before, nothing new

        var run = await (await server.Api.PostAsJsonAsync("/api/v1/dunning/run", new { dryRun = false })).Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("awaitingApproval").GetInt32().ShouldBe(1);
        var waiting = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/actions?status=awaitingApproval&customer=411API");
        var id = waiting[0].GetProperty("id").GetString();
        (await server.Api.PostAsJsonAsync($"/api/v1/dunning/actions/{id}/approve", new { by = "dcf" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await server.Api.PostAsJsonAsync($"/api/v1/dunning/actions/{id}/approve", new { by = "dcf" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await server.Api.PostAsJsonAsync("/api/v1/dunning/run", new { dryRun = false });
        var evidence = await server.Api.GetAsync($"/api/v1/dunning/actions/{id}/evidence");
        evidence.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await evidence.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());

        var put = await server.Api.PutAsJsonAsync("/api/v1/dunning/templates/reminder/fr", new { subject = "Impayé {{ customer.ref }}", body = "<p>{{ totals.open }}</p>" });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bad = await server.Api.PutAsJsonAsync("/api/v1/dunning/templates/reminder/fr", new { subject = "x", body = "{% if a %}" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var preview = await (await server.Api.PostAsJsonAsync("/api/v1/dunning/preview", new { customer = "411API", step = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        preview.GetProperty("subject").GetString().ShouldBe("Impayé 411API");
        preview.GetProperty("body").GetString().ShouldBe("<p>640,00 €</p>");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_abusive_template_is_neither_saved_nor_rendered_by_the_preview(string provider)
    {
        var clock = FakeClock.At(Due.AddDays(31));
        await using var server = await TestServer.StartAsync(provider, clock);
        var customer = await DunningTestData.AddCustomerAsync(server.Database, server.Tenant, "411DOS");
        await DunningTestData.AddInvoiceAsync(server.Database, server.Tenant, customer, "FA-DOS-1", Due, 640m);
        var loops = string.Concat(Enumerable.Repeat("{% for i in invoices %}", 8)) + "{{ customer.name }}" + string.Concat(Enumerable.Repeat("{% endfor %}", 8));

        var put = await server.Api.PutAsJsonAsync("/api/v1/dunning/templates/reminder/fr", new { subject = "x", body = loops });
        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).ShouldContain("more than 2 for loops");
        var stored = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/templates/reminder/fr");
        stored.GetProperty("body").GetString()!.ShouldNotContain("{{ customer.name }}{% endfor %}");

        var preview = await server.Api.PostAsJsonAsync("/api/v1/dunning/preview", new { customer = "411DOS", step = 2, subject = "x", body = loops });
        preview.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await preview.Content.ReadAsStringAsync()).ShouldContain("for loops");
    }
}
