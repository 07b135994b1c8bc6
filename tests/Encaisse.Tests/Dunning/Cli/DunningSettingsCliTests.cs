using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Cli;

public sealed class DunningSettingsCliTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Settings_are_changed_from_the_cli_and_secrets_never_printed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var db = CliProcess.DbArgument(database);

        var set = await CliProcess.RunWithInputAsync("s3cret-pw", null, "dunning", "settings", "--db", db, "--smtp-host", "smtp.example.fr",
            "--smtp-port", "465", "--smtp-security", "ssl", "--smtp-user", "relances", "--smtp-password-stdin", "--from", "relances@acme.example.fr",
            "--run-hour", "7", "--json");
        set.ExitCode.ShouldBe(0, set.Stderr);
        set.Stdout.ShouldNotContain("s3cret-pw");
        var shown = JsonDocument.Parse(set.Stdout).RootElement;
        shown.GetProperty("smtpHost").GetString().ShouldBe("smtp.example.fr");
        shown.GetProperty("smtpPasswordSet").GetBoolean().ShouldBeTrue();
        shown.GetProperty("runHour").GetInt32().ShouldBe(7);

        await using (var context = database.For(tenant))
        {
            var stored = await context.Set<DunningSettings>().SingleAsync();
            stored.SmtpPort.ShouldBe(465);
            stored.SmtpSecurity.ShouldBe(SmtpSecurity.SslOnConnect);
            stored.SmtpPassword!.ShouldStartWith("enc:v1:");
            stored.SmtpPassword.ShouldNotContain("s3cret-pw");
            SettingsSecrets.Reveal(stored.SmtpPassword, tenant.Id, DunningSecretFields.SmtpPassword).ShouldBe("s3cret-pw");
            stored.FromAddress.ShouldBe("relances@acme.example.fr");
        }

        var bad = await CliProcess.RunAsync("dunning", "settings", "--db", db, "--run-hour", "25");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("--run-hour: Hour between 0 and 23. [dunningSettings.invalid]");
        var badMail = await CliProcess.RunAsync("dunning", "settings", "--db", db, "--from", "not-an-address");
        badMail.ExitCode.ShouldBe(2);
        var badZone = await CliProcess.RunAsync("dunning", "settings", "--db", db, "--time-zone", "Mars/Olympus");
        badZone.ExitCode.ShouldBe(2);
        badZone.Stderr.ShouldContain("--time-zone: 'Mars/Olympus' is not a known time zone");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_password_sealed_with_another_key_is_reported_not_revealed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var db = CliProcess.DbArgument(database);
        var otherKey = new Dictionary<string, string> { ["ENCAISSE_SECRET_KEY"] = Convert.ToBase64String(new byte[32]) };

        var set = await CliProcess.RunWithInputAsync("other-key-pw", otherKey, "dunning", "settings", "--db", db, "--smtp-password-stdin", "--json");
        set.ExitCode.ShouldBe(0, set.Stderr);

        await using var context = database.For(tenant);
        var stored = await context.Set<DunningSettings>().SingleAsync();
        stored.SmtpPassword!.ShouldStartWith("enc:v1:" + SecretKeyId(new byte[32]) + ":");
        Should.Throw<SecretUnreadableException>(() => SettingsSecrets.Reveal(stored.SmtpPassword, tenant.Id, DunningSecretFields.SmtpPassword))
            .Message.ShouldContain("restore that key or set the smtpPassword again");
    }

    private static string SecretKeyId(byte[] key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key))[..8];
}
