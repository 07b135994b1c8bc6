using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Plans;

/// <summary>
/// A change of the tenant's dunning settings: null leaves a value as it is. Secrets are given in clear here and
/// sealed before they are stored; an empty string clears them. Shared by <c>encaisse dunning settings</c>,
/// <c>PUT /api/v1/dunning/settings</c> and the settings page.
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

public static class DunningSettingsEditor
{
    public static DunningSettingsView View(Tenant tenant, DunningSettings s) => new(
        tenant.Code, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser, !string.IsNullOrEmpty(s.SmtpPassword), s.FromAddress, s.FromName,
        s.SmsUrl, !string.IsNullOrEmpty(s.SmsToken), s.SmsSender, s.RunHour, tenant.TimeZone, s.PromiseGraceDays, s.ThankYouMessages, s.PortalBaseUrl);

    /// <summary>
    /// The one write of the tenant's channel and scheduling settings and of its time zone: <c>encaisse dunning settings</c>,
    /// <c>PUT /api/v1/dunning/settings</c> and the settings page. Checks every value first and saves only when none is
    /// refused. Error <c>dunningSettings.invalid</c>: its fields are named as in the request (smtpPort, timeZone...) with the
    /// catalogue's English reason; its data gives each field's reason code (<c>settings.err.channel.{code}</c>: smtp-port,
    /// time-zone...), from which a page writes the reason in its reader's language.
    /// </summary>
    public static async Task<Result<DunningSettingsView>> SaveAsync(EncaisseDb db, TimeProvider clock, DunningSettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var problems = new List<(SettingsProblem Problem, (string, object?)[] Data)>();
        SmtpSecurity? security = change.SmtpSecurity is null ? null : ChannelSettings.ParseSecurity(change.SmtpSecurity);
        if (change.SmtpSecurity is not null && security is null)
        {
            problems.Add((new SettingsProblem("smtp-security"), []));
        }

        if (change.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            problems.Add((new SettingsProblem("time-zone"), [("zone", zone)]));
        }

        var input = new ChannelSettingsInput
        {
            SmtpHost = change.SmtpHost, SmtpPort = change.SmtpPort, SmtpSecurity = security, SmtpUser = change.SmtpUser,
            SmtpPassword = change.SmtpPassword, FromAddress = change.From, FromName = change.FromName, SmsUrl = change.SmsUrl,
            SmsToken = change.SmsToken, SmsSender = change.SmsSender, RunHour = change.RunHour,
            PromiseGraceDays = change.PromiseGraceDays, ThankYouMessages = change.ThankYou, PortalBaseUrl = change.PortalUrl,
        };
        // Every refused value at once: the parse problems above and the checks of the settings themselves.
        problems.AddRange(ChannelSettings.Check(input).Select(p => (p, Array.Empty<(string, object?)>())));
        if (problems.Count > 0)
        {
            var fields = problems.Select(p => new FieldError(CamelCase(p.Problem.Field), null, Catalogue.Text(Catalogue.English, p.Problem.TextKey, p.Data))).ToList();
            return OperationError.InvalidFields(fields, "dunningSettings.invalid") with
            {
                Data = problems.GroupBy(p => CamelCase(p.Problem.Field)).ToDictionary(g => g.Key, g => (object?)g.First().Problem.Field, StringComparer.Ordinal),
            };
        }

        var s = await DunningSetup.EnsureAsync(db, clock, ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.TenantId, ct);
        // Checked above: every value is applied.
        _ = ChannelSettings.Apply(s, input);
        if (change.TimeZone is { } tz)
        {
            tenant.TimeZone = tz;
        }

        await db.SaveChangesAsync(ct);
        return Result.Ok(View(tenant, s));
    }

    /// <summary>The request's field name for a setting's option name (smtp-port → smtpPort).</summary>
    private static string CamelCase(string option) =>
        string.Concat(option.Split('-').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
