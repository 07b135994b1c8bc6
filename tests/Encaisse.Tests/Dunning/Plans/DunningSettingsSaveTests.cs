using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Plans;

/// <summary>
/// The one write of the channel settings: the settings page calls <see cref="DunningSettingsEditor.SaveAsync"/>, the CLI
/// and the API reach it through <see cref="DunningSettingsEditor.ApplyAsync"/>; on SQLite and PostgreSQL.
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
            var refused = (await DunningSettingsEditor.SaveAsync(db, Clock, new ChannelSettingsInput { SmtpHost = "smtp.acme.example", SmtpPort = 0, RunHour = 30 }, null, default)).Error!;
            (refused.Kind, refused.Code).ShouldBe((ErrorKind.Invalid, "dunningSettings.invalid"));
            refused.Fields.Select(f => f.Field).ShouldBe(["smtp-port", "run-hour"], ignoreOrder: true);
        }

        await using (var db = database.For(tenant))
        {
            (await db.Set<DunningSettings>().SingleAsync()).SmtpHost.ShouldNotBe("smtp.acme.example");
            var view = (await DunningSettingsEditor.SaveAsync(db, Clock,
                new ChannelSettingsInput { SmtpHost = "smtp.acme.example", SmtpPort = 465, SmtpPassword = "s3cret", RunHour = 7 }, "Europe/Brussels", default)).OrThrow();
            (view.SmtpHost, view.SmtpPort, view.SmtpPasswordSet, view.RunHour, view.TimeZone).ShouldBe(("smtp.acme.example", 465, true, 7, "Europe/Brussels"));
        }

        await using (var db = database.For(tenant))
        {
            var stored = await db.Set<DunningSettings>().SingleAsync();
            stored.SmtpPassword.ShouldNotBeNullOrEmpty();
            stored.SmtpPassword.ShouldNotContain("s3cret");
            (await db.Tenants.SingleAsync(t => t.Id == tenant.Id)).TimeZone.ShouldBe("Europe/Brussels");

            // The API's and the CLI's form of the same write: camelCase field names, nothing saved when refused.
            var (shown, errors) = await DunningSettingsEditor.ApplyAsync(db, Clock, new DunningSettingsChange { SmtpPort = 70000, SmtpSecurity = "tls" }, default);
            shown.ShouldBeNull();
            errors.Keys.ShouldBe(["smtpPort", "smtpSecurity"], ignoreOrder: true);
        }
    }
}
