using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Risk.Onboarding;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Issue 18 through the API and the CLI: a customer created through the API is "pending" until its queued check is done; the
/// check, the advice and its reasons; credit refused (409 risk.creditRefused) then granted with an override; the credit policy
/// per class; an order answered with the class's advised deposit; <c>encaisse risk check</c> during an outage (exit 1, pending)
/// and after (exit 0).
/// </summary>
public sealed class OnboardingApiTests
{
    private static RegistryMonitor Registries(Uri address) =>
        RegistryMonitor.Create(new RegistryOptions { RechercheEntreprisesUrl = address, BodaccUrl = address, Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(20) },
            TimeProvider.System);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Onboarding_credit_policy_and_deposit_advice_through_the_api(string provider)
    {
        var clock = FakeClock.At(new DateOnly(2026, 6, 30));
        await using var registry = await ReplayServer.StartAsync();
        await using var server = await TestServer.StartAsync(provider, clock);
        foreach (var (reference, name, siren) in new[] { ("411DJB", "DJ Batiment", "833310592"), ("411JEUNE", "Jeune Pousse", "901234518") })
        {
            var created = await server.Api.PostAsJsonAsync("/api/v1/customers", new { @ref = reference, legalName = name, kind = "Business", siren });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var pending = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DJB/risk/onboarding");
        pending.GetProperty("status").GetString().ShouldBe("pending");
        pending.GetProperty("pending").GetProperty("trigger").GetString().ShouldBe("creation");

        // The onboarding job's pass (the server's job is off in tests; the same operation).
        await using (var db = server.Database.For(server.Tenant))
        {
            (await new OnboardingChecks(db, server.Tenant, clock, Registries(registry.Address)).ProcessDueAsync("test", 10, default)).Done.ShouldBe(2);
        }

        var done = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DJB/risk/onboarding");
        done.GetProperty("status").GetString().ShouldBe("done");
        done.GetProperty("latest").GetProperty("active").GetBoolean().ShouldBeFalse();
        done.GetProperty("latest").GetProperty("procedures").GetArrayLength().ShouldBeGreaterThan(0);
        var advice = done.GetProperty("advice");
        (advice.GetProperty("riskClass").GetString(), advice.GetProperty("creditRefused").GetBoolean()).ShouldBe(("E", true));
        advice.GetProperty("reasons")[0].GetProperty("code").GetString().ShouldBe("ceased");
        advice.GetProperty("reasons")[0].GetProperty("text").GetString().ShouldBe("Entreprise cessée au registre : 20/06/2026 : pas de crédit sans dérogation");

        var refused = await server.Api.PostAsJsonAsync("/api/v1/customers/411DJB/credit", new { creditLimit = 5000m, paymentTerms = "net30" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("risk.creditRefused");
        var granted = await server.Api.PostAsJsonAsync("/api/v1/customers/411DJB/credit", new { creditLimit = 5000m, paymentTerms = "net30", overrideReason = "Caution bancaire reçue" });
        granted.StatusCode.ShouldBe(HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        var overrides = (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DJB/risk/onboarding")).GetProperty("overrides");
        overrides[0].GetProperty("by").GetString().ShouldStartWith("enc_"); // the API key's prefix
        overrides[0].GetProperty("reason").GetString().ShouldBe("Caution bancaire reçue");

        // The policy: class D asks 40 % and 10 days; an invalid percentage is refused with its field.
        var put = await server.Api.PutAsJsonAsync("/api/v1/risk/policy", new { classes = new { D = new { depositPercent = 40, termsDays = 10, startingLimit = 1000m } } });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var policy = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/risk/policy");
        policy.GetProperty("classes").GetProperty("D").GetProperty("depositPercent").GetInt32().ShouldBe(40);
        policy.GetProperty("classes").GetProperty("A").GetProperty("termsDays").GetInt32().ShouldBe(60);
        var bad = await server.Api.PutAsJsonAsync("/api/v1/risk/policy", new { classes = new { B = new { depositPercent = 150, termsDays = 10, startingLimit = 1m } } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("classes.B.depositPercent");

        // A young company without accounts (class D by its check): an order asks 40 % as a deposit; over the starting limit
        // (1,000) the deposit that brings the exposure back under is asked when it is more.
        var order = await (await server.Api.PostAsJsonAsync("/api/v1/customers/411JEUNE/orders", new { reference = "CMD-J1", amount = 500m })).Content.ReadFromJsonAsync<JsonElement>();
        (order.GetProperty("riskClass").GetString(), order.GetProperty("depositPercent").GetInt32(), order.GetProperty("termsDays").GetInt32()).ShouldBe(("D", 40, 10));
        order.GetProperty("depositAdvised").GetDecimal().ShouldBe(200m);
        order.GetProperty("depositRequired").GetBoolean().ShouldBeTrue();
        order.GetProperty("advice").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldContain("young");
        var big = await (await server.Api.PostAsJsonAsync("/api/v1/customers/411JEUNE/orders", new { reference = "CMD-J2", amount = 1500m })).Content.ReadFromJsonAsync<JsonElement>();
        big.GetProperty("depositToLimit").GetDecimal().ShouldBe(1000m); // 500 + 1,500 = 2,000 against 1,000
        big.GetProperty("depositAdvised").GetDecimal().ShouldBe(1000m);

        var risk = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411JEUNE/risk");
        risk.GetProperty("advice").GetProperty("depositPercent").GetInt32().ShouldBe(40);
        risk.GetProperty("recommendedLimit").GetDecimal().ShouldBe(1000m);
    }

    [Fact]
    public async Task Risk_check_on_the_cli_queues_during_an_outage_and_completes_after()
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            db.Add(new Encaisse.Ledger.Customer { TenantId = tenant.Id, ExternalRef = "411NIL", LegalName = "Boulangerie du Nil", Siren = "812809234" });
            await db.SaveChangesAsync();
        }

        registry.Unavailable = true;
        string[] Args() => ["risk", "check", "411NIL", "--json", "--db", database.Target.ConnectionString, "--recherche-url", registry.Address.ToString(), "--bodacc-url", registry.Address.ToString()];
        var (exit, stdout, stderr) = await Reporting.CliRun.RunAsync(Args());
        exit.ShouldBe(1, stderr);
        stdout.ShouldContain("\"status\": \"pending\"");

        registry.Unavailable = false;
        (exit, stdout, stderr) = await Reporting.CliRun.RunAsync(Args());
        exit.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("status").GetString().ShouldBe("done");
        json.RootElement.GetProperty("onboarding").GetProperty("advice").GetProperty("riskClass").GetString().ShouldBe("B");
        json.RootElement.GetProperty("onboarding").GetProperty("latest").GetProperty("trigger").GetString().ShouldBe("manual");

        (exit, _, stderr) = await Reporting.CliRun.RunAsync("risk", "grant", "411NIL", "--limit", "8000", "--terms", "net45", "--db", database.Target.ConnectionString);
        exit.ShouldBe(0, stderr);
        (exit, stdout, _) = await Reporting.CliRun.RunAsync("risk", "policy", "show", "--db", database.Target.ConnectionString);
        exit.ShouldBe(0);
        stdout.ShouldContain("D\tdeposit 30 %\tterms 15 days\tstarting limit 1500");
    }
}
