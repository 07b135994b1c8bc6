using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Portal.Storage;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Portal;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Portal;

/// <summary>What the portal writes, through its operation (the portal pages call it), on SQLite and PostgreSQL.</summary>
public sealed class PortalActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 10, 0, 0, TimeSpan.Zero);
    private static readonly Acting Portal = new("portal", Now, WebSeed.Today);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_visit_is_recorded_once_an_hour_and_a_statement_download_each_time(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);

        (await PortalActivity.RecordVisitAsync(db, Portal, seed.Dupont.Id, null, default)).OrThrow().ShouldBeTrue();
        (await PortalActivity.RecordVisitAsync(db, Portal, seed.Dupont.Id, Now.AddMinutes(-20), default)).OrThrow().ShouldBeFalse();
        (await PortalActivity.RecordVisitAsync(db, Portal, seed.Dupont.Id, Now.AddHours(-2), default)).OrThrow().ShouldBeTrue();
        (await PortalActivity.RecordStatementDownloadAsync(db, Portal, seed.Dupont.Id, default)).OrThrow();

        db.ChangeTracker.Clear();
        var kinds = await db.Set<TimelineEvent>().Where(e => e.CustomerId == seed.Dupont.Id && e.Actor == "portal").Select(e => e.Kind).ToListAsync();
        kinds.Order(StringComparer.Ordinal).ShouldBe(["portal.statement", "portal.visit", "portal.visit"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dispute_keeps_its_file_and_a_refused_file_or_invoice_writes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);

        var notAnImage = (await PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, seed.Overdue.Id, DisputeReason.Quality, "abîmé",
            new PortalUpload("photo.png", "<script>"u8.ToArray()), default)).Error!;
        (notAnImage.Kind, notAnImage.Code).ShouldBe((ErrorKind.Invalid, "portal.invalid"));
        var tooLarge = new PortalUpload("scan.png", [.. Png, .. new byte[PortalActivity.MaxAttachmentBytes]]);
        (await PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, seed.Overdue.Id, DisputeReason.Quality, null, tooLarge, default)).Error!.Code
            .ShouldBe("portal.invalid");
        (await PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, Guid.NewGuid(),
            DisputeReason.Quality, null, null, default)).Error!.Code.ShouldBe("portal.invalid");
        (await db.Set<Dispute>().CountAsync()).ShouldBe(0);

        var disputeId = (await PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, seed.Overdue.Id, DisputeReason.Quality, "Palettes abîmées",
            new PortalUpload("../photo.png", Png), default)).OrThrow();
        db.ChangeTracker.Clear();
        var dispute = await db.Set<Dispute>().SingleAsync();
        (dispute.Id, dispute.Channel).ShouldBe((disputeId, "portal"));
        var file = await db.Set<PortalAttachment>().SingleAsync();
        (file.DisputeId, file.CustomerId, file.ContentType, file.Content.Length).ShouldBe((disputeId, seed.Dupont.Id, "image/png", Png.Length));
        file.FileName.ShouldNotContain("/");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dispute_and_its_file_are_one_unit_of_work_a_failing_file_save_leaves_no_dispute(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        // The database refuses the file: its insert fails after the dispute's rows were sent in the same save.
        await using (var admin = database.Factory.Create())
        {
            await admin.Database.ExecuteSqlRawAsync(database.Target.Provider == DatabaseProvider.Sqlite
                ? "CREATE TRIGGER refuse_attachment BEFORE INSERT ON portal_attachment BEGIN SELECT RAISE(ABORT, 'attachment refused'); END;"
                : """
                  CREATE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'attachment refused'; END $$;
                  CREATE TRIGGER refuse_attachment BEFORE INSERT ON portal_attachment FOR EACH ROW EXECUTE FUNCTION refuse_attachment();
                  """);
        }

        await using (var db = database.For(tenant))
        {
            await Should.ThrowAsync<DbUpdateException>(() => PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, seed.Overdue.Id, DisputeReason.Quality,
                "Palettes abîmées", new PortalUpload("photo.png", Png), default));
        }

        await using (var db = database.For(tenant))
        {
            (await db.Set<Dispute>().CountAsync()).ShouldBe(0, "the dispute is not saved without its file");
            (await db.Set<Encaisse.Dunning.Disputes.DisputeEvent>().CountAsync()).ShouldBe(0);
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "dispute.opened")).ShouldBe(0);
            (await db.Set<PortalAttachment>().CountAsync()).ShouldBe(0);

            // Without a file the same dispute is accepted (the trigger refuses files only).
            (await PortalActivity.OpenDisputeAsync(db, Portal, seed.Dupont.Id, seed.Overdue.Id, DisputeReason.Quality, null, null, default)).OrThrow();
            db.ChangeTracker.Clear();
            (await db.Set<Dispute>().CountAsync()).ShouldBe(1);
        }
    }
}
