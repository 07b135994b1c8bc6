using System.Net.Mail;
using Encaisse.Dunning.Channels;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Plans;

/// <summary>
/// A change of the tenant's dunning settings: null leaves a value as it is. Secrets are given in clear here and
/// sealed before they are stored; an empty string clears them. Shared by <c>encaisse dunning settings</c> and
/// <c>PUT /api/v1/dunning/settings</c>.
/// </summary>
public sealed record DunningSettingsChange
{
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    /// <summary>none | starttls | ssl | auto (also the enum names).</summary>
    public string? SmtpSecurity { get; init; }
    public string? SmtpUser { get; init; }
    public string? SmtpPassword { get; init; }
    public string? From { get; init; }
    public string? FromName { get; init; }
    public string? SmsUrl { get; init; }
    public string? SmsToken { get; init; }
    public string? SmsSender { get; init; }
    public int? RunHour { get; init; }
    /// <summary>IANA time zone of the tenant (e.g. Europe/Paris): "today" and the run hour follow it.</summary>
    public string? TimeZone { get; init; }
    public int? PromiseGraceDays { get; init; }
    public bool? ThankYou { get; init; }
    public string? PortalUrl { get; init; }
}

/// <summary>What anyone may see of the settings: never a secret, only whether it is set.</summary>
public sealed record DunningSettingsView(
    string Tenant, string? SmtpHost, int SmtpPort, SmtpSecurity SmtpSecurity, string? SmtpUser, bool SmtpPasswordSet,
    string? From, string? FromName, string? SmsUrl, bool SmsTokenSet, string? SmsSender, int RunHour, string TimeZone,
    int PromiseGraceDays, bool ThankYou, string? PortalUrl);

internal static class DunningSettingsEditor
{
    public static DunningSettingsView View(Tenant tenant, DunningSettings s) => new(
        tenant.Code, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser, !string.IsNullOrEmpty(s.SmtpPassword), s.FromAddress, s.FromName,
        s.SmsUrl, !string.IsNullOrEmpty(s.SmsToken), s.SmsSender, s.RunHour, tenant.TimeZone, s.PromiseGraceDays, s.ThankYouMessages, s.PortalBaseUrl);

    /// <summary>Validates and applies the change, then saves; on errors (field → reason) nothing is saved.</summary>
    public static async Task<(DunningSettingsView? View, Dictionary<string, string[]> Errors)> ApplyAsync(
        EncaisseDb db, TimeProvider clock, DunningSettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var s = await DunningSetup.EnsureAsync(db, clock, ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.TenantId, ct);
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string reason) => errors[field] = [reason];

        if (change.SmtpPort is { } port && port is < 1 or > 65535)
        {
            Error("smtpPort", "1 to 65535.");
        }

        SmtpSecurity? security = change.SmtpSecurity is null ? null : ParseSecurity(change.SmtpSecurity);
        if (change.SmtpSecurity is not null && security is null)
        {
            Error("smtpSecurity", "none, starttls, ssl or auto.");
        }

        if (change.From is { Length: > 0 } from && !MailAddress.TryCreate(from, out _))
        {
            Error("from", "not an e-mail address.");
        }

        if (change.SmsUrl is { Length: > 0 } sms && !IsHttpUrl(sms))
        {
            Error("smsUrl", "an absolute http(s) URL.");
        }

        if (change.PortalUrl is { Length: > 0 } portal && !IsHttpUrl(portal))
        {
            Error("portalUrl", "an absolute http(s) URL.");
        }

        if (change.RunHour is { } hour && hour is < 0 or > 23)
        {
            Error("runHour", "0 to 23.");
        }

        if (change.PromiseGraceDays is { } days && days is < 0 or > 60)
        {
            Error("promiseGraceDays", "0 to 60.");
        }

        if (change.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            Error("timeZone", $"'{zone}' is not a known time zone (IANA name such as Europe/Paris).");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        s.SmtpHost = Value(change.SmtpHost, s.SmtpHost);
        s.SmtpPort = change.SmtpPort ?? s.SmtpPort;
        s.SmtpSecurity = security ?? s.SmtpSecurity;
        s.SmtpUser = Value(change.SmtpUser, s.SmtpUser);
        s.FromAddress = Value(change.From, s.FromAddress);
        s.FromName = Value(change.FromName, s.FromName);
        s.SmsUrl = Value(change.SmsUrl, s.SmsUrl);
        s.SmsSender = Value(change.SmsSender, s.SmsSender);
        s.RunHour = change.RunHour ?? s.RunHour;
        s.PromiseGraceDays = change.PromiseGraceDays ?? s.PromiseGraceDays;
        s.ThankYouMessages = change.ThankYou ?? s.ThankYouMessages;
        s.PortalBaseUrl = Value(change.PortalUrl, s.PortalBaseUrl);
        if (change.SmtpPassword is not null)
        {
            s.SmtpPassword = SettingsSecrets.Seal(Value(change.SmtpPassword, null), s.TenantId, DunningSecretFields.SmtpPassword);
        }

        if (change.SmsToken is not null)
        {
            s.SmsToken = SettingsSecrets.Seal(Value(change.SmsToken, null), s.TenantId, DunningSecretFields.SmsToken);
        }

        if (change.TimeZone is { } tz)
        {
            tenant.TimeZone = tz;
        }

        await db.SaveChangesAsync(ct);
        return (View(tenant, s), errors);
    }

    /// <summary>null keeps the current value; an empty string clears it.</summary>
    private static string? Value(string? given, string? current) => given is null ? current : given.Length == 0 ? null : given;

    private static SmtpSecurity? ParseSecurity(string value) => value.ToLowerInvariant() switch
    {
        "none" => SmtpSecurity.None,
        "starttls" => SmtpSecurity.StartTls,
        "ssl" or "sslonconnect" => SmtpSecurity.SslOnConnect,
        "auto" => SmtpSecurity.Auto,
        _ => null,
    };

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
