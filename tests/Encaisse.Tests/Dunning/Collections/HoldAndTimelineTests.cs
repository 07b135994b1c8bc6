using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class HoldAndTimelineTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Holds_pause_exclude_and_lift(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);

        var noEnd = (await Should.ThrowAsync<OperationFailedException>(() => DunningHoldOperations.CreateAsync(scope, new CreateHold("411DUPONT", DunningHoldKind.Exclusion, "Legal review"), default))).Error;
        (noEnd.Fields.Single().Field, noEnd.Code).ShouldBe(("until", "hold.exclusionNeedsEnd"));
        var foreign = (await Should.ThrowAsync<OperationFailedException>(() => DunningHoldOperations.CreateAsync(scope,
            new CreateHold("411DUPONT", DunningHoldKind.Exclusion, "x", data.Today.AddDays(5), "FA-100"), default))).Error;
        (foreign.Fields.Single().Field, foreign.Code).ShouldBe(("invoiceNumber", "hold.invoiceNotOfCustomer"));
        foreign.Message("fr").ShouldBe("Le client n'a pas de facture FA-100.");
        var noReason = (await Should.ThrowAsync<OperationFailedException>(() => DunningHoldOperations.CreateAsync(scope, new CreateHold("411DUPONT", DunningHoldKind.Manual, " "), default))).Error;
        (noReason.Fields.Single().Field, noReason.Code).ShouldBe(("reason", "hold.reasonRequired"));

        var pause = await DunningHoldOperations.CreateAsync(scope, new CreateHold("411DUPONT", DunningHoldKind.Manual, "Director in hospital"), default);
        var exclusion = await DunningHoldOperations.CreateAsync(scope, new CreateHold("411MARTIN", DunningHoldKind.Exclusion, "Retention", data.Today.AddDays(30), "FA-100"), default);
        pause.ActiveToday.ShouldBeTrue();
        exclusion.InvoiceNumber.ShouldBe("FA-100");

        var martin = await DunningHoldOperations.PausesAsync(scope, "411MARTIN", null, default);
        martin.CustomerPaused.ShouldBeFalse();
        martin.InvoiceReasons["FA-100"].Single().Cause.ShouldBe(PauseCause.Exclusion);
        (await DunningHoldOperations.PausesAsync(scope, "411MARTIN", data.Today.AddDays(31), default)).InvoiceReasons.ShouldBeEmpty();
        (await DunningHoldOperations.PausesAsync(scope, "411DUPONT", null, default)).CustomerReasons.Single().Cause.ShouldBe(PauseCause.ManualHold);

        await using var later = database.For(data.Tenant);
        var lifted = await DunningHoldOperations.LiftAsync(data.Scope(later, data.Today.AddDays(3)), pause.Id, "Back at work", default);
        lifted.ActiveToday.ShouldBeFalse();
        lifted.Until.ShouldBe(data.Today.AddDays(2));
        lifted.LiftedBy.ShouldBe("marie");
        (await Should.ThrowAsync<OperationFailedException>(() => DunningHoldOperations.LiftAsync(data.Scope(later, data.Today.AddDays(3)), pause.Id, null, default))).Error
            .ShouldSatisfyAllConditions(e => e.Kind.ShouldBe(ErrorKind.Conflict), e => e.Code.ShouldBe("hold.ended"), e => e.Message("fr").ShouldBe("La suspension est déjà terminée."));
        (await DunningHoldOperations.ListAsync(data.Scope(later, data.Today.AddDays(3)), null, currentOnly: true, default)).Single().Id.ShouldBe(exclusion.Id);
        (await DunningHoldOperations.ListAsync(data.Scope(later, data.Today.AddDays(3)), "411DUPONT", currentOnly: false, default)).Single().Id.ShouldBe(pause.Id);
        (await DunningHoldOperations.PausesAsync(data.Scope(later, data.Today.AddDays(3)), "411DUPONT", null, default)).CustomerPaused.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_timeline_pages_newest_first_and_filters_by_kind(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        var clock = FakeClock.At(data.Today);
        await using var db = database.For(data.Tenant);
        var scope = new CollectionsScope(db, data.Tenant, clock, "marie");
        for (var i = 1; i <= 7; i++)
        {
            await NoteOperations.AddAsync(scope, "411DUPONT", $"Note {i}", default);
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        await DunningHoldOperations.CreateAsync(scope, new CreateHold("411DUPONT", DunningHoldKind.Manual, "Pause"), default);

        var first = await TimelineQueries.PageAsync(scope, "411DUPONT", 1, 3, null, default, "en");
        first.Total.ShouldBe(8);
        first.Entries.Select(e => e.Kind).ShouldBe(["hold.added", "note", "note"]);
        first.Entries[1].Summary.ShouldBe("Note: Note 7");
        var third = await TimelineQueries.PageAsync(scope, "411DUPONT", 3, 3, null, default);
        third.Entries[0].Summary.ShouldBe("Note : Note 2", "French by default (the back office language)");
        third = await TimelineQueries.PageAsync(scope, "411DUPONT", 3, 3, null, default, "en");
        third.Entries.Select(e => e.Summary).ShouldBe(["Note: Note 2", "Note: Note 1"]);
        (await TimelineQueries.PageAsync(scope, "411DUPONT", 1, 50, "hold", default)).Total.ShouldBe(1);
        (await TimelineQueries.PageAsync(scope, "411MARTIN", 1, 50, null, default)).Total.ShouldBe(0);
        // Two refused fields: the first one's code and sentence, both fields named (with their English reasons, for the API).
        var bad = (await Should.ThrowAsync<OperationFailedException>(() => TimelineQueries.PageAsync(scope, "411DUPONT", 0, 500, null, default))).Error;
        bad.Fields.Select(f => f.Field).ShouldBe(["page", "pageSize"]);
        bad.Code.ShouldBe("list.pageStart");
        bad.Fields[1].Reason.ShouldBe("Between 1 and 200 per page.");
        bad.Message("fr").ShouldBe("Les pages commencent à 1.");
        (await NoteOperations.ListAsync(scope, "411DUPONT", default)).First().Text.ShouldBe("Note 7");
    }
}
