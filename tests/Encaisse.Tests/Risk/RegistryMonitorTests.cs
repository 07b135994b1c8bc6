using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

public sealed class RegistryMonitorTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ceased_and_insolvent_customer_is_frozen_with_a_proof_of_claim_task(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(new DateOnly(2026, 6, 30));
        await using (var db = database.For(tenant))
        {
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411DJB", LegalName = "DJ Batiment", Siren = "833310592", Collector = "alice" });
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411NIL", LegalName = "Boulangerie du Nil", Siren = "812809234" });
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411NOSIREN", LegalName = "Sans Siren" });
            await db.SaveChangesAsync();
        }

        var options = new RegistryOptions { RechercheEntreprisesUrl = registry.Address, BodaccUrl = registry.Address, RetryDelay = TimeSpan.FromMilliseconds(20) };
        var monitor = RegistryMonitor.Create(options, clock);
        await using (var db = database.For(tenant))
        {
            var outcomes = await monitor.RunAsync(db, tenant, new DateOnly(2026, 6, 30), clock, default);
            outcomes.Select(o => (o.CustomerRef, o.Status)).ShouldBe([("411DJB", "ceased+insolvency"), ("411NIL", "ok")]);
        }

        await using (var db = database.For(tenant))
        {
            var djb = await db.Customers.SingleAsync(c => c.ExternalRef == "411DJB");
            djb.CeasedOn.ShouldBe(new DateOnly(2026, 6, 20));
            djb.InsolvencyOpenedOn.ShouldBe(new DateOnly(2026, 6, 2));
            djb.InsolvencyKind.ShouldBe("redressement");
            var hold = await db.Set<DunningHold>().SingleAsync();
            (hold.Kind, hold.CustomerId, hold.InvoiceId, hold.Until).ShouldBe((DunningHoldKind.Insolvency, djb.Id, (Guid?)null, (DateOnly?)null));
            var task = await db.Set<CollectionTask>().SingleAsync();
            (task.Kind, task.DueOn, task.AssignedTo).ShouldBe((CollectionTaskKind.ProofOfClaim, new DateOnly(2026, 8, 10), "alice"));
            (await AlertBook.ListAsync(db, default)).Select(a => a.Kind).Order().ShouldBe(["registry.ceased", "registry.insolvency"]);
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "registry.alert")).ShouldBe(2);
        }

        // A second daily run finds nothing new.
        await using (var db = database.For(tenant))
        {
            await monitor.RunAsync(db, tenant, new DateOnly(2026, 7, 1), clock, default);
            (await db.Set<CollectionTask>().CountAsync()).ShouldBe(1);
            (await db.Set<DunningHold>().CountAsync()).ShouldBe(1);
            (await db.Set<Alert>().CountAsync()).ShouldBe(2);
        }
    }

    [Fact]
    public async Task Registry_outage_is_reported_per_customer_and_the_cli_exits_1()
    {
        await using var registry = await ReplayServer.StartAsync();
        registry.Unavailable = true;
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411NIL", LegalName = "Boulangerie du Nil", Siren = "812809234" });
            await db.SaveChangesAsync();
        }

        var (exit, stdout, stderr) = await Reporting.CliRun.RunAsync("risk", "monitor", "--json", "--db", database.Target.ConnectionString,
            "--recherche-url", registry.Address.ToString(), "--bodacc-url", registry.Address.ToString());
        exit.ShouldBe(1, stderr);
        stdout.ShouldContain("\"status\": \"unavailable\"");
    }
}
