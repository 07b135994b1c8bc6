using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Api;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Promises;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

/// <summary>
/// Issue 15 (ADR 1590): the disputes and promises lists take their page from the disputes / promises alone and join the
/// customers afterwards; the disputes and promises APIs read each row's customer reference (and invoice numbers) for the
/// rows returned only; the outbox list reads only the columns it shows. Each is compared here with the form it replaced
/// (join, then order and page; whole entities), on data where they could differ: dates shared by several rows (the id
/// decides), several pages, a search and a collector, closed disputes, kept and pending promises, another tenant.
/// </summary>
public sealed class CollectionListPagingTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_disputes_list_and_api_page_as_the_join_then_page_form_did(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        var other = await CollectionsData.SeedAsync(database, await database.AddTenantAsync("other"));
        await SeedDisputesAsync(database, data);
        await SeedDisputesAsync(database, other);
        await using var db = database.For(data.Tenant);
        (await db.Set<Dispute>().CountAsync()).ShouldBe(6);

        var queries = new[]
        {
            new DisputeQuery(null, null, null, null),
            new DisputeQuery(null, "all", null, null),
            new DisputeQuery(null, "rejected", null, null),
            new DisputeQuery("dupont", "all", null, null),
            new DisputeQuery("411MARTIN", CollectionLists.Active, null, null),
            new DisputeQuery("  FRÈRES ", "all", DisputeReason.Quality, null),
            new DisputeQuery(null, "all", null, "paul"),
            new DisputeQuery("nobody", "all", null, null),
        };
        foreach (var query in queries)
        {
            var expected = await OldDisputeIdsAsync(db, query);
            var seen = new List<Guid>();
            for (var page = 1; page <= 6; page++)
            {
                var result = await CollectionLists.DisputesAsync(db, query with { Page = page, PageSize = 3 }, default);
                seen.AddRange(result.Lines.Select(l => l.Id));
                result.HasNext.ShouldBe(expected.Count > page * 3, $"{query} page {page}");
                foreach (var line in result.Lines)
                {
                    var customer = line.CustomerRef == "411DUPONT" ? data.Dupont : data.Martin;
                    line.CustomerId.ShouldBe(customer.Id);
                    line.CustomerName.ShouldBe(customer.LegalName);
                }
            }

            seen.ShouldBe(expected, $"{query}");
            var exported = await CollectionLists.ExportDisputesAsync(db, query, default);
            exported.Select(r => r["customerRef"]).ShouldBe((await CollectionLists.DisputesAsync(db, query with { PageSize = 100 }, default)).Lines.Select(l => (object?)l.CustomerRef));
        }

        // The API: newest first with ties broken by id (as before), each with its customer's reference, its invoices'
        // numbers in order and its credit note's number.
        var scope = data.Scope(db);
        var views = await DisputeOperations.ListAsync(scope, null, null, false, default);
        views.Select(v => v.Id).ShouldBe(await db.Set<Dispute>().OrderByDescending(d => d.OpenedOn).ThenByDescending(d => d.Id).Select(d => d.Id).ToListAsync());
        var refs = await db.Customers.ToDictionaryAsync(c => c.Id, c => c.ExternalRef);
        var numbers = await db.Invoices.ToDictionaryAsync(i => i.Id, i => i.Number);
        foreach (var view in views)
        {
            var dispute = await db.Set<Dispute>().Include(d => d.Invoices).SingleAsync(d => d.Id == view.Id);
            view.CustomerRef.ShouldBe(refs[dispute.CustomerId]);
            view.InvoiceNumbers.ShouldBe(dispute.Invoices.Select(i => numbers[i.InvoiceId]).Order(StringComparer.Ordinal).ToList());
            view.CreditNoteNumber.ShouldBe(dispute.CreditNoteId is { } cn ? numbers[cn] : null);
            view.History.ShouldBeEmpty();
        }

        views.Count(v => v.InvoiceNumbers.Count == 2).ShouldBe(1);
        views.Single(v => v.CreditNoteNumber is not null).CreditNoteNumber.ShouldBe("AV-001");
        (await DisputeOperations.ListAsync(scope, null, "411MARTIN", true, default)).Select(v => v.Id)
            .ShouldBe(await OldDisputeIdsAsync(db, new DisputeQuery("411MARTIN", CollectionLists.Active, null, null)));
        (await DisputeOperations.GetAsync(scope, views[0].Id, default)).InvoiceNumbers.ShouldBe(views[0].InvoiceNumbers);

        // The API's pages (two disputes each, ties on the opening date across pages) put end to end are the whole list, each
        // page counting all of them.
        var paged = new List<DisputeView>();
        for (var page = 1; page <= (views.Count + 1) / 2 + 1; page++)
        {
            var one = await DisputeOperations.PageAsync(scope, null, null, false, (page - 1) * 2, 2, 1_000, default);
            one.Total.ShouldBe(views.Count);
            one.TotalIsLowerBound.ShouldBeFalse();
            paged.AddRange(one.Items);
        }

        paged.Select(v => v.Id).ShouldBe(views.Select(v => v.Id));
        paged.Select(v => v.CustomerRef).ShouldBe(views.Select(v => v.CustomerRef));

        // Commands, not rows: a page of the list is its disputes with their customers, then their invoice numbers; the
        // API the same two whatever the number of disputes (before ADR 1590: three, with whole customers and invoices).
        (await CommandsOf(database, data, fresh => CollectionLists.DisputesAsync(fresh, new DisputeQuery("dupont", "all", null, null), default))).ShouldBe(2);
        (await CommandsOf(database, data, fresh => DisputeOperations.ListAsync(data.Scope(fresh), null, null, false, default))).ShouldBe(2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_promises_list_and_api_page_as_the_join_then_page_form_did(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        var other = await CollectionsData.SeedAsync(database, await database.AddTenantAsync("other"));
        await SeedPromisesAsync(database, data);
        await SeedPromisesAsync(database, other);
        await using var db = database.For(data.Tenant);
        (await db.Set<PromiseToPay>().CountAsync()).ShouldBe(6);

        var queries = new[]
        {
            new PromiseQuery(null, null, null, null, null),
            new PromiseQuery(null, "kept", null, null, null),
            new PromiseQuery(null, "all", null, null, null),
            new PromiseQuery("dupont", "pending", null, null, null),
            new PromiseQuery(" 411MARTIN", "all", null, null, null),
            new PromiseQuery(null, "pending", data.Today.AddDays(1), data.Today.AddDays(2), null),
            new PromiseQuery(null, "pending", null, null, "marie"),
            new PromiseQuery("frères", "pending", null, null, "marie"),
        };
        foreach (var query in queries)
        {
            var expected = await OldPromiseIdsAsync(db, query);
            var seen = new List<Guid>();
            for (var page = 1; page <= 6; page++)
            {
                var result = await CollectionLists.PromisesAsync(db, query with { Page = page, PageSize = 2 }, default);
                seen.AddRange(result.Lines.Select(l => l.Id));
                result.HasNext.ShouldBe(expected.Count > page * 2, $"{query} page {page}");
                foreach (var line in result.Lines)
                {
                    var customer = line.CustomerRef == "411DUPONT" ? data.Dupont : data.Martin;
                    line.CustomerId.ShouldBe(customer.Id);
                    line.CustomerName.ShouldBe(customer.LegalName);
                    line.Collector.ShouldBe(customer.Collector);
                }
            }

            seen.ShouldBe(expected, $"{query}");
            (await CollectionLists.ExportPromisesAsync(db, query, default)).Count.ShouldBe(expected.Count);
        }

        // The API: earliest promised first with ties broken by id, each with its customer's reference.
        var scope = data.Scope(db);
        var views = await PromiseOperations.ListAsync(scope, null, null, default);
        views.Select(v => v.Id).ShouldBe(await db.Set<PromiseToPay>().OrderBy(p => p.PromisedDate).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync());
        var refs = await db.Set<PromiseToPay>().Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p.Id, c.ExternalRef }).ToDictionaryAsync(x => x.Id, x => x.ExternalRef);
        views.ShouldAllBe(v => v.CustomerRef == refs[v.Id]);
        (await PromiseOperations.ListAsync(scope, "411MARTIN", PromiseStatus.Pending, default)).Select(v => v.Id)
            .ShouldBe(await OldPromiseIdsAsync(db, new PromiseQuery("411MARTIN", "pending", null, null, null)));

        // The API's pages put end to end are the whole list.
        var pagedPromises = new List<Guid>();
        for (var page = 1; page <= (views.Count + 1) / 2 + 1; page++)
        {
            var one = await PromiseOperations.PageAsync(scope, null, null, (page - 1) * 2, 2, 1_000, default);
            one.Total.ShouldBe(views.Count);
            pagedPromises.AddRange(one.Items.Select(v => v.Id));
        }

        pagedPromises.ShouldBe(views.Select(v => v.Id));

        // One command a page of the list; the API reads the policy (grace days) and the promises with their customers' references.
        (await CommandsOf(database, data, fresh => CollectionLists.PromisesAsync(fresh, new PromiseQuery("dupont", "all", null, null, "marie"), default))).ShouldBe(1);
        (await CommandsOf(database, data, fresh => PromiseOperations.ListAsync(data.Scope(fresh), null, null, default))).ShouldBe(2);
    }

    /// <summary>
    /// The SQL commands <paramref name="read"/> sends for the tenant on a new context (SQLite's per-connection pragmas aside);
    /// a new context because one that has already run commands keeps "nobody listens" for a moment.
    /// </summary>
    private static async Task<int> CommandsOf<T>(TestDatabase database, CollectionsData data, Func<EncaisseDb, Task<T>> read)
        where T : class
    {
        using var commands = await CommandCounter.StartAsync(data.Tenant.Id);
        await using var fresh = database.For(data.Tenant);
        (await read(fresh)).ShouldNotBeNull();
        return commands.Texts.Count(t => !t.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_outbox_api_lists_what_the_whole_rows_gave_newest_planned_first(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(CollectionsData.DefaultToday));
        var data = await CollectionsData.SeedAsync(database: server.Database, tenant: server.Tenant);
        var other = await CollectionsData.SeedAsync(server.Database, await server.Database.AddTenantAsync("other"));
        await SeedActionsAsync(server.Database, data);
        await SeedActionsAsync(server.Database, other);
        await using var db = server.Database.For(server.Tenant);
        var whole = (await db.Set<DunningAction>().OrderByDescending(a => a.PlannedOn).ThenBy(a => a.Id).ToListAsync()).Select(ActionView.Of).ToList();
        whole.Count.ShouldBe(7);

        // Read in the query: the same views (amount text included) as from the whole rows.
        (await db.Set<DunningAction>().OrderByDescending(a => a.PlannedOn).ThenBy(a => a.Id).Select(ActionView.Projection).ToListAsync()).ShouldBe(whole);

        var listed = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/actions?limit=5");
        listed.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe(whole.Take(5).Select(a => a.Id));
        var first = listed[0];
        first.GetProperty("amountText").GetString().ShouldBe(whole[0].AmountText);
        first.GetProperty("subject").GetString().ShouldBe(whole[0].Subject);
        first.TryGetProperty("body", out _).ShouldBeFalse();
        var martin = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/actions?customer=411MARTIN&status=sent");
        martin.EnumerateArray().Select(a => a.GetProperty("id").GetGuid())
            .ShouldBe(whole.Where(a => a.CustomerId == data.Martin.Id && a.Status == DunningActionStatus.Sent).Select(a => a.Id));
    }

    /// <summary>Six disputes a tenant over three opening dates (two or three the same day), open, in review and rejected, one on two invoices, one resolved with the credit note.</summary>
    private static async Task SeedDisputesAsync(TestDatabase database, CollectionsData data)
    {
        await using var db = database.For(data.Tenant);
        var invoices = await db.Invoices.ToDictionaryAsync(i => i.Number);
        Dispute Dispute(Customer customer, int daysAgo, DisputeStatus status, DisputeReason reason, string owner, params string[] numbers)
        {
            var dispute = new Dispute
            {
                TenantId = data.Tenant.Id, CustomerId = customer.Id, AmountMinor = 100_00, Reason = reason, Status = status, Owner = owner,
                OpenedOn = data.Today.AddDays(-daysAgo), ClosedOn = status is DisputeStatus.Open or DisputeStatus.InReview ? null : data.Today, CreatedAt = DateTimeOffset.UnixEpoch,
            };
            dispute.Invoices.AddRange(numbers.Select(n => new DisputedInvoice { TenantId = data.Tenant.Id, DisputeId = dispute.Id, InvoiceId = invoices[n].Id }));
            return dispute;
        }

        var resolved = Dispute(data.Dupont, 5, DisputeStatus.ResolvedWithCreditNote, DisputeReason.Price, "marie", "FA-003");
        resolved.CreditNoteId = invoices["AV-001"].Id;
        db.AddRange(
            Dispute(data.Martin, 3, DisputeStatus.Open, DisputeReason.Quality, "paul", "FA-100"),
            Dispute(data.Dupont, 3, DisputeStatus.InReview, DisputeReason.Quality, "marie", "FA-002", "FA-001"),
            Dispute(data.Martin, 3, DisputeStatus.Rejected, DisputeReason.Price, "paul", "FA-100"),
            Dispute(data.Dupont, 5, DisputeStatus.Open, DisputeReason.Quantity, "paul", "FA-001"),
            resolved,
            Dispute(data.Martin, 9, DisputeStatus.InReview, DisputeReason.Quality, "paul", "FA-100"));
        await db.SaveChangesAsync();
    }

    /// <summary>Six promises a tenant over three dates (two or three the same day), pending and kept.</summary>
    private static async Task SeedPromisesAsync(TestDatabase database, CollectionsData data)
    {
        await using var db = database.For(data.Tenant);
        PromiseToPay Promise(Customer customer, int inDays, PromiseStatus status) => new()
        {
            TenantId = data.Tenant.Id, CustomerId = customer.Id, AmountMinor = 50_00, PromisedDate = data.Today.AddDays(inDays), Status = status,
            RecordedOn = data.Today.AddDays(-1), RecordedAt = DateTimeOffset.UnixEpoch, ResolvedOn = status == PromiseStatus.Kept ? data.Today : null,
        };
        db.AddRange(
            Promise(data.Martin, 2, PromiseStatus.Pending),
            Promise(data.Dupont, 2, PromiseStatus.Pending),
            Promise(data.Martin, 2, PromiseStatus.Kept),
            Promise(data.Dupont, 1, PromiseStatus.Pending),
            Promise(data.Martin, 1, PromiseStatus.Pending),
            Promise(data.Dupont, 7, PromiseStatus.Kept));
        await db.SaveChangesAsync();
    }

    /// <summary>Seven outbox rows a tenant over three planned dates, with bodies (which the list never returns).</summary>
    private static async Task SeedActionsAsync(TestDatabase database, CollectionsData data)
    {
        await using var db = database.For(data.Tenant);
        var step = 0;
        DunningAction Action(Customer customer, int daysAgo, DunningActionStatus status) => new()
        {
            TenantId = data.Tenant.Id, CustomerId = customer.Id, StepKey = $"step:{++step}", StepNumber = step, TemplateKey = "reminder", Status = status,
            PlannedOn = data.Today.AddDays(-daysAgo), Level = step, AmountMinor = 1234_56 + step, Subject = $"Relance {step}", Body = "<p>Bonjour</p>",
            Document = [1, 2, 3], NextAttemptAt = DateTimeOffset.UnixEpoch, CreatedAt = DateTimeOffset.UnixEpoch,
        };
        db.AddRange(
            Action(data.Dupont, 1, DunningActionStatus.Sent),
            Action(data.Martin, 1, DunningActionStatus.Sent),
            Action(data.Martin, 1, DunningActionStatus.AwaitingApproval),
            Action(data.Dupont, 4, DunningActionStatus.Sent),
            Action(data.Martin, 4, DunningActionStatus.Sent),
            Action(data.Dupont, 4, DunningActionStatus.Failed),
            Action(data.Martin, 8, DunningActionStatus.Sent));
        await db.SaveChangesAsync();
    }

    /// <summary>The disputes list's query before ADR 1590: join the customers, filter, order and page the joined rows.</summary>
    private static async Task<List<Guid>> OldDisputeIdsAsync(EncaisseDb db, DisputeQuery query)
    {
        var disputes = db.Set<Dispute>().AsNoTracking();
        if (query.Status is null or "" or CollectionLists.Active)
        {
            disputes = disputes.Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview);
        }
        else if (Enum.TryParse<DisputeStatus>(query.Status, true, out var status))
        {
            disputes = disputes.Where(d => d.Status == status);
        }

        if (query.Reason is { } reason)
        {
            disputes = disputes.Where(d => d.Reason == reason);
        }

        if (!string.IsNullOrWhiteSpace(query.Owner))
        {
            disputes = disputes.Where(d => d.Owner == query.Owner);
        }

        var rows = from d in disputes join c in db.Customers.AsNoTracking() on d.CustomerId equals c.Id select new { d, c };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var lower = text.ToLowerInvariant();
            rows = rows.Where(x => x.c.ExternalRef == text || x.c.LegalName.ToLower().Contains(lower));
        }

        return await rows.OrderByDescending(x => x.d.OpenedOn).ThenByDescending(x => x.d.Id).Select(x => x.d.Id).ToListAsync();
    }

    /// <summary>The promises list's query before ADR 1590: join the customers, filter, order and page the joined rows.</summary>
    private static async Task<List<Guid>> OldPromiseIdsAsync(EncaisseDb db, PromiseQuery query)
    {
        var promises = db.Set<PromiseToPay>().AsNoTracking();
        if (query.Status is null or "")
        {
            promises = promises.Where(p => p.Status == PromiseStatus.Pending);
        }
        else if (Enum.TryParse<PromiseStatus>(query.Status, true, out var status))
        {
            promises = promises.Where(p => p.Status == status);
        }

        if (query.From is { } from)
        {
            promises = promises.Where(p => p.PromisedDate >= from);
        }

        if (query.To is { } to)
        {
            promises = promises.Where(p => p.PromisedDate <= to);
        }

        var rows = from p in promises join c in db.Customers.AsNoTracking() on p.CustomerId equals c.Id select new { p, c };
        if (!string.IsNullOrWhiteSpace(query.Collector))
        {
            rows = rows.Where(x => x.c.Collector == query.Collector);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var lower = text.ToLowerInvariant();
            rows = rows.Where(x => x.c.ExternalRef == text || x.c.LegalName.ToLower().Contains(lower));
        }

        return await rows.OrderBy(x => x.p.PromisedDate).ThenBy(x => x.p.Id).Select(x => x.p.Id).ToListAsync();
    }
}
