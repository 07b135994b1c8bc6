using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Plans;

/// <summary>
/// The one write of the channel settings, <see cref="DunningSettingsEditor.SaveAsync"/>, called by the settings page, the
/// CLI and the API: refused values are coded field errors and nothing is saved; on SQLite and PostgreSQL.
/// </summary>
public sealed class DunningSettingsSaveTests
{
    private static readonly FakeClock Clock = FakeClock.At(new DateOnly(2026, 3, 16));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Refused_values_are_named_and_nothing_is_saved_valid_ones_are_saved_with_the_secret_sealed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            var refused = (await DunningSettingsEditor.SaveAsync(db, Clock, new DunningSettingsChange
            {
                SmtpHost = "smtp.acme.example", SmtpPort = 0, RunHour = 30, SmtpSecurity = "tls", TimeZone = "Mars/Olympus",
            }, default)).Error!;
            (refused.Kind, refused.Code).ShouldBe((ErrorKind.Invalid, "dunningSettings.invalid"));
            // Named as in the request, with the catalogue's English reason; the data gives each reason's code.
            refused.Fields.Select(f => f.Field).ShouldBe(["smtpPort", "runHour", "smtpSecurity", "timeZone"], ignoreOrder: true);
            refused.Fields.Single(f => f.Field == "runHour").Reason.ShouldBe("Hour between 0 and 23.");
            refused.Fields.Single(f => f.Field == "timeZone").Reason.ShouldBe("'Mars/Olympus' is not a known time zone (IANA name such as Europe/Paris).");
            refused.Data["smtpPort"].ShouldBe("smtp-port");
            refused.Data["timeZone"].ShouldBe("time-zone");
            Encaisse.Localization.Catalogue.Text("fr", "settings.err.channel." + refused.Data["runHour"]).ShouldBe("Heure entre 0 et 23.");
        }

        await using (var db = database.For(tenant))
        {
            (await db.Set<DunningSettings>().SingleOrDefaultAsync())?.SmtpHost.ShouldNotBe("smtp.acme.example");
            (await db.Tenants.SingleAsync(t => t.Id == tenant.Id)).TimeZone.ShouldBe("Europe/Paris");
            var view = (await DunningSettingsEditor.SaveAsync(db, Clock, new DunningSettingsChange
            {
                SmtpHost = "smtp.acme.example", SmtpPort = 465, SmtpSecurity = "ssl", SmtpPassword = "s3cret", RunHour = 7, TimeZone = "Europe/Brussels",
            }, default)).OrThrow();
            (view.SmtpHost, view.SmtpPort, view.SmtpSecurity, view.SmtpPasswordSet, view.RunHour, view.TimeZone)
                .ShouldBe(("smtp.acme.example", 465, SmtpSecurity.SslOnConnect, true, 7, "Europe/Brussels"));
        }

        await using (var db = database.For(tenant))
        {
            var stored = await db.Set<DunningSettings>().SingleAsync();
            stored.SmtpPassword.ShouldNotBeNullOrEmpty();
            stored.SmtpPassword.ShouldNotContain("s3cret");
            (await db.Tenants.SingleAsync(t => t.Id == tenant.Id)).TimeZone.ShouldBe("Europe/Brussels");

            // Null leaves a value as it is; an empty secret clears it.
            var view = (await DunningSettingsEditor.SaveAsync(db, Clock, new DunningSettingsChange { SmtpPassword = "" }, default)).OrThrow();
            (view.SmtpHost, view.SmtpPasswordSet).ShouldBe(("smtp.acme.example", false));
        }
    }
}
