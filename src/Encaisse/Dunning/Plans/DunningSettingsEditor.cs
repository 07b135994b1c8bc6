using Encaisse.Ledger;
using Encaisse.Operations;
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

public static class DunningSettingsEditor
{
    public static DunningSettingsView View(Tenant tenant, DunningSettings s) => new(
        tenant.Code, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser, !string.IsNullOrEmpty(s.SmtpPassword), s.FromAddress, s.FromName,
        s.SmsUrl, !string.IsNullOrEmpty(s.SmsToken), s.SmsSender, s.RunHour, tenant.TimeZone, s.PromiseGraceDays, s.ThankYouMessages, s.PortalBaseUrl);

    /// <summary>Validates and applies the change, then saves; on errors (field → reason) nothing is saved.</summary>
    public static async Task<(DunningSettingsView? View, Dictionary<string, string[]> Errors)> ApplyAsync(
        EncaisseDb db, TimeProvider clock, DunningSettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var errors = new Dictionary<string, string[]>();
        SmtpSecurity? security = change.SmtpSecurity is null ? null : ChannelSettings.ParseSecurity(change.SmtpSecurity);
        if (change.SmtpSecurity is not null && security is null)
        {
            errors["smtpSecurity"] = ["none, starttls, ssl or auto."];
        }

        if (change.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors["timeZone"] = [$"'{zone}' is not a known time zone (IANA name such as Europe/Paris)."];
        }

        var input = new ChannelSettingsInput
        {
            SmtpHost = change.SmtpHost, SmtpPort = change.SmtpPort, SmtpSecurity = security, SmtpUser = change.SmtpUser,
            SmtpPassword = change.SmtpPassword, FromAddress = change.From, FromName = change.FromName, SmsUrl = change.SmsUrl,
            SmsToken = change.SmsToken, SmsSender = change.SmsSender, RunHour = change.RunHour,
            PromiseGraceDays = change.PromiseGraceDays, ThankYouMessages = change.ThankYou, PortalBaseUrl = change.PortalUrl,
        };
        if (errors.Count > 0)
        {
            // Every refused value at once: the parse problems above and the checks of the settings themselves.
            foreach (var problem in ChannelSettings.Check(input))
            {
                errors[CamelCase(problem.Field)] = [problem.Reason];
            }

            return (null, errors);
        }

        var saved = await SaveAsync(db, clock, input, change.TimeZone, ct);
        return saved.IsOk
            ? (saved.Value, errors)
            : (null, saved.Error!.Fields.GroupBy(f => CamelCase(f.Field)).ToDictionary(g => g.Key, g => g.Select(f => f.Reason).ToArray()));
    }

    /// <summary>
    /// The one write of the tenant's channel and scheduling settings (and, when given, its time zone): the CLI and the
    /// API through <see cref="ApplyAsync"/>, the settings page directly. Checks every value first and saves only when
    /// none is refused; error <c>dunningSettings.invalid</c> names the refused fields by their CLI option (smtp-port...).
    /// </summary>
    public static async Task<Result<DunningSettingsView>> SaveAsync(EncaisseDb db, TimeProvider clock, ChannelSettingsInput input, string? timeZone,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var s = await DunningSetup.EnsureAsync(db, clock, ct);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.TenantId, ct);
        var problems = ChannelSettings.Apply(s, input);
        if (problems.Count > 0)
        {
            return OperationError.InvalidFields(problems.Select(p => new FieldError(p.Field, null, p.Reason)).ToList(), "dunningSettings.invalid");
        }

        if (timeZone is { } tz)
        {
            tenant.TimeZone = tz;
        }

        await db.SaveChangesAsync(ct);
        return Result.Ok(View(tenant, s));
    }

    /// <summary>The API's field name for a CLI option name (smtp-port → smtpPort).</summary>
    private static string CamelCase(string option) =>
        string.Concat(option.Split('-').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
