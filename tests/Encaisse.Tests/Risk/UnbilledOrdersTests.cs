using Encaisse.Operations;
using Encaisse.Risk;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>The one writer of unbilled orders (the API's <c>POST /customers/{ref}/orders</c> calls it), on SQLite and PostgreSQL.</summary>
public sealed class UnbilledOrdersTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_order_is_recorded_then_updated_by_its_reference_and_never_moved_to_another_customer(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.For(tenant);

        var first = (await UnbilledOrders.RecordAsync(db, tenant, clock, new RecordOrder("411BERNARD", "CMD-1", null, 1_200m, null, null), default)).OrThrow();
        first.IsNew.ShouldBeTrue();
        (first.Order.OrderedOn, first.Order.AmountMinor, first.Order.Currency, first.Order.Status)
            .ShouldBe((WebSeed.Today, 120_000L, "EUR", UnbilledOrderStatus.Open));
        first.Decision.ExposureAfterMinor.ShouldBeGreaterThanOrEqualTo(120_000L);

        var invoiced = (await UnbilledOrders.RecordAsync(db, tenant, clock, new RecordOrder("411BERNARD", "CMD-1", WebSeed.Today.AddDays(-2), 1_500m, "EUR", "invoiced"), default)).OrThrow();
        invoiced.IsNew.ShouldBeFalse();

        var moved = (await UnbilledOrders.RecordAsync(db, tenant, clock, new RecordOrder("411DUPONT", "CMD-1", null, 10m, null, null), default)).Error!;
        (moved.Kind, moved.Code, moved.Message("en")).ShouldBe((ErrorKind.Conflict, "order.otherCustomer", "Order 'CMD-1' was recorded for another customer."));

        db.ChangeTracker.Clear();
        var stored = await db.Set<UnbilledOrder>().SingleAsync();
        (stored.Reference, stored.OrderedOn, stored.AmountMinor, stored.Status).ShouldBe(("CMD-1", WebSeed.Today.AddDays(-2), 150_000L, UnbilledOrderStatus.Invoiced));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_names_every_field_and_writes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.For(tenant);

        var bad = (await UnbilledOrders.RecordAsync(db, tenant, clock, new RecordOrder("411BERNARD", "", null, -5m, "XXX", "shipped"), default)).Error!;
        (bad.Kind, bad.Code).ShouldBe((ErrorKind.Invalid, "order.invalid"));
        bad.Fields.Select(f => f.Field).ShouldBe(["reference", "currency", "amount", "status"]);
        bad.Fields.Single(f => f.Field == "currency").Reason.ShouldBe("'XXX' is not a known ISO 4217 code.");
        (await UnbilledOrders.RecordAsync(db, tenant, clock, new RecordOrder("411NOBODY", "CMD-2", null, 10m, null, null), default)).Error!.Code
            .ShouldBe("customer.notFound");
        (await db.Set<UnbilledOrder>().CountAsync()).ShouldBe(0);
    }
}
