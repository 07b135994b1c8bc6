using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Plans;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Channels;

/// <summary>Uses the machine's default key (~/.config/encaisse/secret.key, created on first use) as the CLI does.</summary>
public class SettingsSecretsTests
{
    private static readonly Guid TenantA = Guid.Parse("0195a5b0-0000-7000-8000-00000000000a");
    private static readonly Guid TenantB = Guid.Parse("0195a5b0-0000-7000-8000-00000000000b");

    [Theory]
    [InlineData("p@ssw0rd")]
    [InlineData("mot de passe accentué €")]
    [InlineData("short-pw!")]
    public void A_sealed_secret_opens_for_its_tenant_and_field_only(string clear)
    {
        var sealedValue = SettingsSecrets.Seal(clear, TenantA, DunningSecretFields.SmtpPassword)!;

        sealedValue.ShouldStartWith("enc:v1:");
        sealedValue.ShouldNotContain(clear, Case.Sensitive);
        SettingsSecrets.Seal(clear, TenantA, DunningSecretFields.SmtpPassword).ShouldNotBe(sealedValue, "a fresh nonce each time");
        SettingsSecrets.Reveal(sealedValue, TenantA, DunningSecretFields.SmtpPassword).ShouldBe(clear);
        Should.Throw<SecretUnreadableException>(() => SettingsSecrets.Reveal(sealedValue, TenantB, DunningSecretFields.SmtpPassword));
        Should.Throw<SecretUnreadableException>(() => SettingsSecrets.Reveal(sealedValue, TenantA, DunningSecretFields.SmsToken));
    }

    [Fact]
    public void An_altered_value_does_not_open_and_clear_or_empty_values_pass_through()
    {
        var sealedValue = SettingsSecrets.Seal("token", TenantA, DunningSecretFields.SmsToken)!;
        var altered = sealedValue[..^4] + (sealedValue[^4] == 'A' ? "B" : "A") + sealedValue[^3..];

        Should.Throw<SecretUnreadableException>(() => SettingsSecrets.Reveal(altered, TenantA, DunningSecretFields.SmsToken));
        SettingsSecrets.Reveal("legacy-clear", TenantA, DunningSecretFields.SmsToken).ShouldBe("legacy-clear");
        SettingsSecrets.Seal(null, TenantA, DunningSecretFields.SmsToken).ShouldBeNull();
        SettingsSecrets.Seal("", TenantA, DunningSecretFields.SmsToken).ShouldBe("");
        SettingsSecrets.Seal(sealedValue, TenantA, DunningSecretFields.SmsToken).ShouldBe(sealedValue, "never sealed twice");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Secrets_stored_in_clear_before_sealing_are_sealed_on_first_read_and_keep_working(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            db.Add(new DunningSettings { TenantId = tenant.Id, SmtpPassword = "old-clear-pw", SmsToken = "old-clear-token" });
            await db.SaveChangesAsync();
        }

        await using (var db = database.For(tenant))
        {
            await DunningSetup.EnsureAsync(db, TimeProvider.System, default);
        }

        await using (var db = database.For(tenant))
        {
            var stored = await db.Set<DunningSettings>().AsNoTracking().SingleAsync();
            stored.SmtpPassword.ShouldNotBe("old-clear-pw");
            stored.SmsToken!.ShouldStartWith("enc:v1:");
            SettingsSecrets.Reveal(stored.SmtpPassword, tenant.Id, DunningSecretFields.SmtpPassword).ShouldBe("old-clear-pw");
            SettingsSecrets.Reveal(stored.SmsToken, tenant.Id, DunningSecretFields.SmsToken).ShouldBe("old-clear-token");
        }
    }
}
