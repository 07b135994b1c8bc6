using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Encaisse.Web.BackOffice;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The dashboard's three short lists (tasks due, promises due, disputes waiting) read the date of their tenth row first
/// and join the customers of the rows up to it only (ADR 1580): the same rows in the same order as joining every waiting
/// row, the form they had before, on data where the tenth row falls inside a group of equal dates, with rows of other
/// statuses, later dates and another tenant around.
/// </summary>
public sealed class DashboardListsTests
{
    private static readonly DateOnly Today = new(2026, 3, 16);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_lists_show_the_rows_and_order_of_joining_every_waiting_row(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var other = await database.AddTenantAsync("other");
        await SeedAsync(database.Factory, other.Id, "Autre");
        await SeedAsync(database.Factory, tenant.Id, "Client");
        await using var db = database.For(tenant);

        var disputes = await DashboardFigures.DisputesWaitingAsync(db, default);
        disputes.ShouldBe(await OldDisputesAsync(db));
        disputes.Count.ShouldBe(DashboardFigures.ListLimit);
        disputes.ShouldAllBe(d => d.CustomerName.StartsWith("Client"));
        // The tenth row is inside the third day's group of five: only three of them are shown, by name.
        disputes.Select(d => d.Date).Distinct().Count().ShouldBe(3);

        var promises = await DashboardFigures.PromisesDueAsync(db, Today, default);
        promises.ShouldBe(await OldPromisesAsync(db, Today));
        promises.Count.ShouldBe(DashboardFigures.ListLimit);
        promises.ShouldAllBe(p => p.Date <= Today.AddDays(7));

        foreach (var assignedTo in new string?[] { null, "marie", "paul", "nobody" })
        {
            var tasks = await DashboardFigures.TasksDueAsync(db, Today, assignedTo, default);
            tasks.ShouldBe(await OldTasksAsync(db, Today, assignedTo), $"tasks of {assignedTo ?? "everyone"}");
        }

        (await DashboardFigures.TasksDueAsync(db, Today, null, default)).Count.ShouldBe(DashboardFigures.ListLimit);
        (await DashboardFigures.TasksDueAsync(db, Today, "paul", default)).Count.ShouldBeInRange(1, DashboardFigures.ListLimit - 1);
        (await DashboardFigures.TasksDueAsync(db, Today, "nobody", default)).ShouldBeEmpty();
        // Earlier days in another tenant change nothing, and its own list is its own.
        await using var theirs = database.For(other);
        (await DashboardFigures.DisputesWaitingAsync(theirs, default)).ShouldAllBe(d => d.CustomerName.StartsWith("Autre"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fewer_rows_than_the_list_holds_are_all_shown(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        var customers = Customers(tenant.Id, "Client", 3);
        db.AddRange(customers);
        for (var i = 0; i < 3; i++)
        {
            db.Add(Dispute(tenant.Id, customers[i], Today.AddDays(-i), DisputeStatus.Open));
        }

        await db.SaveChangesAsync();
        var disputes = await DashboardFigures.DisputesWaitingAsync(db, default);
        disputes.Count.ShouldBe(3);
        disputes.ShouldBe(await OldDisputesAsync(db));
        (await DashboardFigures.PromisesDueAsync(db, Today, default)).ShouldBeEmpty();
    }

    private static async Task SeedAsync(DatabaseFactory factory, Guid tenantId, string prefix)
    {
        await using var db = factory.Create(tenantId);
        var customers = Customers(tenantId, prefix, 14);
        db.AddRange(customers);
        // Groups of equal dates (3, 4, then 5 rows): the tenth row is inside the third group. Names are not in id order.
        var groups = new[] { (Day: -20, From: 0, Count: 3), (Day: -12, From: 3, Count: 4), (Day: -5, From: 7, Count: 5) };
        var other = prefix != "Client";
        foreach (var (day, from, count) in groups)
        {
            for (var k = 0; k < count; k++)
            {
                var c = customers[(from + k) * 5 % 14];
                var date = Today.AddDays(day - (other ? 30 : 0));
                db.Add(Dispute(tenantId, c, date, k % 2 == 0 ? DisputeStatus.Open : DisputeStatus.InReview));
                db.Add(Promise(tenantId, c, Today.AddDays(day / 4 + 7) , PromiseStatus.Pending));
                db.Add(Task(tenantId, c, date, CollectionTaskStatus.Open, k % 3 == 0 ? "marie" : null));
            }
        }

        // Around them: closed disputes, kept promises and done tasks on earlier days, promises beyond a week, tasks not due.
        db.Add(Dispute(tenantId, customers[13], Today.AddDays(-40), DisputeStatus.Rejected));
        db.Add(Dispute(tenantId, customers[12], Today.AddDays(-40), DisputeStatus.ResolvedWithCreditNote));
        db.Add(Promise(tenantId, customers[13], Today.AddDays(-40), PromiseStatus.Kept));
        db.Add(Promise(tenantId, customers[12], Today.AddDays(-40), PromiseStatus.Broken));
        db.Add(Promise(tenantId, customers[11], Today.AddDays(8), PromiseStatus.Pending));
        db.Add(Task(tenantId, customers[13], Today.AddDays(-40), CollectionTaskStatus.Done, "paul"));
        db.Add(Task(tenantId, customers[12], Today.AddDays(1), CollectionTaskStatus.Open, "paul"));
        db.Add(Task(tenantId, customers[1], Today.AddDays(-2), CollectionTaskStatus.Open, "paul"));
        await db.SaveChangesAsync();
    }

    private static List<Customer> Customers(Guid tenantId, string prefix, int count)
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i => new Customer
        {
            TenantId = tenantId, ExternalRef = $"411{prefix.ToUpperInvariant()}{i:00}", LegalName = $"{prefix} {(char)('Z' - i)}",
            Collector = i % 4 == 0 ? "marie" : i % 4 == 1 ? "paul" : null, CreatedAt = now, UpdatedAt = now,
        }).ToList();
    }

    private static Dispute Dispute(Guid tenantId, Customer c, DateOnly opened, DisputeStatus status) => new()
    {
        TenantId = tenantId, CustomerId = c.Id, AmountMinor = 10_000 + opened.DayNumber % 97, Currency = "EUR", Reason = DisputeReason.Quality,
        Status = status, OpenedOn = opened, CreatedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
    };

    private static PromiseToPay Promise(Guid tenantId, Customer c, DateOnly date, PromiseStatus status) => new()
    {
        TenantId = tenantId, CustomerId = c.Id, AmountMinor = 50_000, Currency = "EUR", PromisedDate = date, Status = status, RecordedBy = "claire",
        RecordedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), RecordedOn = new DateOnly(2026, 3, 1),
    };

    private static CollectionTask Task(Guid tenantId, Customer c, DateOnly due, CollectionTaskStatus status, string? assignedTo) => new()
    {
        TenantId = tenantId, CustomerId = c.Id, Kind = CollectionTaskKind.Call, Title = "Appeler " + c.LegalName, DueOn = due, Status = status,
        AssignedTo = assignedTo, CreatedAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
    };

    // The forms the lists had before ADR 1580: every waiting row joined to its customer, then ordered and cut.

    private static async Task<List<WorkItem>> OldTasksAsync(EncaisseDb db, DateOnly today, string? assignedTo) =>
        await (from t in db.Set<CollectionTask>()
               join c in db.Customers on t.CustomerId equals c.Id
               where t.Status == CollectionTaskStatus.Open && t.DueOn <= today && (assignedTo == null || t.AssignedTo == assignedTo || c.Collector == assignedTo)
               orderby t.DueOn, c.LegalName
               select new WorkItem(c.Id, c.LegalName, t.Title, t.DueOn, null, "EUR")).Take(DashboardFigures.ListLimit).ToListAsync();

    private static async Task<List<WorkItem>> OldPromisesAsync(EncaisseDb db, DateOnly today) =>
        await (from p in db.Set<PromiseToPay>()
               join c in db.Customers on p.CustomerId equals c.Id
               where p.Status == PromiseStatus.Pending && p.PromisedDate <= today.AddDays(7)
               orderby p.PromisedDate, c.LegalName
               select new WorkItem(c.Id, c.LegalName, p.Channel, p.PromisedDate, p.AmountMinor, p.Currency)).Take(DashboardFigures.ListLimit).ToListAsync();

    private static async Task<List<WorkItem>> OldDisputesAsync(EncaisseDb db) =>
        await (from d in db.Set<Dispute>()
               join c in db.Customers on d.CustomerId equals c.Id
               where d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview
               orderby d.OpenedOn, c.LegalName
               select new WorkItem(c.Id, c.LegalName, "reason." + d.Reason, d.OpenedOn, d.AmountMinor, d.Currency)).Take(DashboardFigures.ListLimit).ToListAsync();
}
