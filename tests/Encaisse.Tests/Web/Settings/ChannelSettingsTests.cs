using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>The one set of rules for SMTP/SMS/schedule settings, shared by the CLI and the settings page.</summary>
public sealed class ChannelSettingsTests
{
    [Theory]
    [InlineData("smtp-port", 0)]
    [InlineData("smtp-port", 70000)]
    [InlineData("run-hour", 24)]
    [InlineData("promise-grace-days", 61)]
    public void Numbers_out_of_range_are_refused(string field, int value)
    {
        var input = field switch
        {
            "smtp-port" => new ChannelSettingsInput { SmtpPort = value },
            "run-hour" => new ChannelSettingsInput { RunHour = value },
            _ => new ChannelSettingsInput { PromiseGraceDays = value },
        };
        var settings = new DunningSettings();
        ChannelSettings.Apply(settings, input).ShouldHaveSingleItem().Field.ShouldBe(field);
        settings.SmtpPort.ShouldBe(587);
        settings.RunHour.ShouldBe(8);
    }

    [Theory]
    [InlineData("from", "pas une adresse")]
    [InlineData("sms-url", "ftp://sms.example")]
    [InlineData("portal-url", "/relative")]
    [InlineData("smtp-host", "smtp example")]
    public void Texts_that_cannot_work_are_refused_and_nothing_changes(string field, string value)
    {
        var input = field switch
        {
            "from" => new ChannelSettingsInput { FromAddress = value, SmtpHost = "smtp.ok.example" },
            "sms-url" => new ChannelSettingsInput { SmsUrl = value, SmtpHost = "smtp.ok.example" },
            "portal-url" => new ChannelSettingsInput { PortalBaseUrl = value, SmtpHost = "smtp.ok.example" },
            _ => new ChannelSettingsInput { SmtpHost = value },
        };
        var settings = new DunningSettings();
        ChannelSettings.Apply(settings, input).ShouldHaveSingleItem().Field.ShouldBe(field);
        settings.SmtpHost.ShouldBeNull();
    }

    [Fact]
    public void Null_keeps_empty_clears_and_secrets_are_kept_unless_given()
    {
        var settings = new DunningSettings { SmtpHost = "old.example", SmtpUser = "relances", SmtpPassword = "secret", SmsToken = "token" };
        ChannelSettings.Apply(settings, new ChannelSettingsInput { SmtpHost = " smtp.new.example ", SmtpUser = "", SmtpPassword = null, SmsToken = "" }).ShouldBeEmpty();
        settings.SmtpHost.ShouldBe("smtp.new.example");
        settings.SmtpUser.ShouldBeNull();
        settings.SmtpPassword.ShouldBe("secret");
        settings.SmsToken.ShouldBeNull();
    }

    [Theory]
    [InlineData("none", SmtpSecurity.None)]
    [InlineData("STARTTLS", SmtpSecurity.StartTls)]
    [InlineData("ssl", SmtpSecurity.SslOnConnect)]
    [InlineData("auto", SmtpSecurity.Auto)]
    [InlineData("tls13", null)]
    public void Security_names_are_read_like_the_cli(string text, SmtpSecurity? expected) =>
        ChannelSettings.ParseSecurity(text).ShouldBe(expected);
}
