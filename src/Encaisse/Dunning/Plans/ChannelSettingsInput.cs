using System.Net.Mail;
using Encaisse.Dunning.Channels;

namespace Encaisse.Dunning.Plans;

/// <summary>
/// A change to a tenant's channel and scheduling settings, as typed in <c>encaisse dunning settings</c> or on the
/// settings page. Null leaves a value as it is; an empty text clears it. Secrets are only ever written, never read back.
/// </summary>
public sealed record ChannelSettingsInput
{
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public SmtpSecurity? SmtpSecurity { get; init; }
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    public string? FromAddress { get; init; }
    public string? FromName { get; init; }
    public string? SmsUrl { get; init; }
    public string? SmsToken { get; init; }
    public string? SmsSender { get; init; }
    public int? RunHour { get; init; }
    public int? PromiseGraceDays { get; init; }
    public bool? ThankYouMessages { get; init; }
    public string? PortalBaseUrl { get; init; }
}

/// <summary>
/// A refused value: <see cref="Field"/> is the setting's name as the CLI option (smtp-port, from, run-hour...); it is also
/// the reason's code, whose text is the catalogue's <c>settings.err.channel.{Field}</c>.
/// </summary>
public sealed record SettingsProblem(string Field)
{
    /// <summary>The catalogue key of the reason.</summary>
    public string TextKey => "settings.err.channel." + Field;
}

/// <summary>The one way settings are checked and changed (through <c>DunningSettingsEditor.SaveAsync</c>). Secrets are sealed here.</summary>
public static class ChannelSettings
{
    /// <summary>Checks every value first; applies them all only when none is refused. Returns the refusals.</summary>
    public static IReadOnlyList<SettingsProblem> Apply(DunningSettings s, ChannelSettingsInput input)
    {
        var problems = Check(input);
        if (problems.Count > 0)
        {
            return problems;
        }

        s.SmtpHost = Text(input.SmtpHost, s.SmtpHost);
        s.SmtpPort = input.SmtpPort ?? s.SmtpPort;
        s.SmtpSecurity = input.SmtpSecurity ?? s.SmtpSecurity;
        s.SmtpUser = Text(input.SmtpUser, s.SmtpUser);
        s.SmtpPassword = input.SmtpPassword is null ? s.SmtpPassword : SettingsSecrets.Seal(Blank(input.SmtpPassword), s.TenantId, DunningSecretFields.SmtpPassword);
        s.FromAddress = Text(input.FromAddress, s.FromAddress);
        s.FromName = Text(input.FromName, s.FromName);
        s.SmsUrl = Text(input.SmsUrl, s.SmsUrl);
        s.SmsToken = input.SmsToken is null ? s.SmsToken : SettingsSecrets.Seal(Blank(input.SmsToken), s.TenantId, DunningSecretFields.SmsToken);
        s.SmsSender = Text(input.SmsSender, s.SmsSender);
        s.RunHour = input.RunHour ?? s.RunHour;
        s.PromiseGraceDays = input.PromiseGraceDays ?? s.PromiseGraceDays;
        s.ThankYouMessages = input.ThankYouMessages ?? s.ThankYouMessages;
        s.PortalBaseUrl = Text(input.PortalBaseUrl, s.PortalBaseUrl);
        return [];
    }

    public static IReadOnlyList<SettingsProblem> Check(ChannelSettingsInput input)
    {
        var problems = new List<SettingsProblem>();
        if (input.SmtpPort is { } port && port is < 1 or > 65535)
        {
            problems.Add(new("smtp-port"));
        }

        if (!string.IsNullOrWhiteSpace(input.SmtpHost) && (input.SmtpHost.Trim().Length > 200 || input.SmtpHost.Trim().Contains(' ', StringComparison.Ordinal)))
        {
            problems.Add(new("smtp-host"));
        }

        if (!string.IsNullOrWhiteSpace(input.FromAddress) && !MailAddress.TryCreate(input.FromAddress.Trim(), out _))
        {
            problems.Add(new("from"));
        }

        if (!string.IsNullOrWhiteSpace(input.SmsUrl) && !IsHttpUrl(input.SmsUrl))
        {
            problems.Add(new("sms-url"));
        }

        if (!string.IsNullOrWhiteSpace(input.PortalBaseUrl) && !IsHttpUrl(input.PortalBaseUrl))
        {
            problems.Add(new("portal-url"));
        }

        if (input.SmsSender is { Length: > 20 })
        {
            problems.Add(new("sms-sender"));
        }

        if (input.RunHour is { } hour && hour is < 0 or > 23)
        {
            problems.Add(new("run-hour"));
        }

        if (input.PromiseGraceDays is { } days && days is < 0 or > 60)
        {
            problems.Add(new("promise-grace-days"));
        }

        return problems;
    }

    /// <summary>none | starttls | ssl | auto, else null.</summary>
    public static SmtpSecurity? ParseSecurity(string value) => value.Trim().ToLowerInvariant() switch
    {
        "none" => Dunning.SmtpSecurity.None,
        "starttls" => Dunning.SmtpSecurity.StartTls,
        "ssl" or "sslonconnect" => Dunning.SmtpSecurity.SslOnConnect,
        "auto" => Dunning.SmtpSecurity.Auto,
        _ => null,
    };

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string? Text(string? given, string? current) => given is null ? current : Blank(given.Trim());

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
