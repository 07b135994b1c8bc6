using System.CommandLine;
using System.Net.Mail;
using Encaisse.Cli;
using Encaisse.Dunning.Plans;

namespace Encaisse.Dunning.Cli;

/// <summary>
/// <c>encaisse dunning settings</c>: shows the tenant's channel and scheduling settings, or changes the ones given.
/// Secrets (SMTP password, SMS token) are read from standard input and never printed.
/// </summary>
internal static class DunningSettingsCommand
{
    public static Command Build()
    {
        var host = new Option<string?>("--smtp-host") { Description = "SMTP server host name" };
        var port = new Option<int?>("--smtp-port") { Description = "SMTP port (587 with STARTTLS, 465 with SSL)" };
        var security = new Option<string?>("--smtp-security") { Description = "none | starttls | ssl | auto" };
        var user = new Option<string?>("--smtp-user") { Description = "SMTP login" };
        var passwordStdin = new Option<bool>("--smtp-password-stdin") { Description = "Read the SMTP password from standard input" };
        var from = new Option<string?>("--from") { Description = "Sender address of reminders" };
        var fromName = new Option<string?>("--from-name") { Description = "Sender name of reminders" };
        var smsUrl = new Option<string?>("--sms-url") { Description = "SMS provider endpoint (https URL receiving POST {to, text, sender})" };
        var smsTokenStdin = new Option<bool>("--sms-token-stdin") { Description = "Read the SMS provider's bearer token from standard input" };
        var smsSender = new Option<string?>("--sms-sender") { Description = "SMS sender name" };
        var runHour = new Option<int?>("--run-hour") { Description = "Hour (0-23, tenant time zone) of the daily run in 'serve'" };
        var grace = new Option<int?>("--promise-grace-days") { Description = "Days after a promised date before the promise counts as broken" };
        var thanks = new Option<bool?>("--thank-you") { Description = "Send a thank-you message when a payment is received (true/false)" };
        var portal = new Option<string?>("--portal-url") { Description = "Base URL of the customer portal used in messages" };
        var command = new Command("settings", "Show or change the tenant's SMTP, SMS and scheduling settings")
        {
            host, port, security, user, passwordStdin, from, fromName, smsUrl, smsTokenStdin, smsSender, runHour, grace, thanks, portal,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var s = await DunningSetup.EnsureAsync(db, ctx.Clock, ct);
            var p = ctx.Parse;
            s.SmtpHost = p.GetValue(host) ?? s.SmtpHost;
            s.SmtpPort = p.GetValue(port) is { } n ? (n is > 0 and < 65536 ? n : throw new UsageException("--smtp-port: 1 to 65535.")) : s.SmtpPort;
            s.SmtpSecurity = p.GetValue(security) is { } sec ? ParseSecurity(sec) : s.SmtpSecurity;
            s.SmtpUser = p.GetValue(user) ?? s.SmtpUser;
            s.FromAddress = p.GetValue(from) is { } address
                ? (MailAddress.TryCreate(address, out _) ? address : throw new UsageException("--from: not an e-mail address."))
                : s.FromAddress;
            s.FromName = p.GetValue(fromName) ?? s.FromName;
            s.SmsUrl = p.GetValue(smsUrl) is { } url ? AbsoluteUrl(url, "--sms-url") : s.SmsUrl;
            s.SmsSender = p.GetValue(smsSender) ?? s.SmsSender;
            s.RunHour = p.GetValue(runHour) is { } hour ? (hour is >= 0 and <= 23 ? hour : throw new UsageException("--run-hour: 0 to 23.")) : s.RunHour;
            s.PromiseGraceDays = p.GetValue(grace) is { } days ? (days is >= 0 and <= 60 ? days : throw new UsageException("--promise-grace-days: 0 to 60.")) : s.PromiseGraceDays;
            s.ThankYouMessages = p.GetValue(thanks) ?? s.ThankYouMessages;
            s.PortalBaseUrl = p.GetValue(portal) is { } portalUrl ? AbsoluteUrl(portalUrl, "--portal-url") : s.PortalBaseUrl;
            if (p.GetValue(passwordStdin))
            {
                s.SmtpPassword = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
            }

            if (p.GetValue(smsTokenStdin))
            {
                s.SmsToken = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
            }

            await db.SaveChangesAsync(ct);
            var shown = new
            {
                tenant = tenant.Code, smtpHost = s.SmtpHost, smtpPort = s.SmtpPort, smtpSecurity = s.SmtpSecurity, smtpUser = s.SmtpUser,
                smtpPasswordSet = !string.IsNullOrEmpty(s.SmtpPassword), from = s.FromAddress, fromName = s.FromName,
                smsUrl = s.SmsUrl, smsTokenSet = !string.IsNullOrEmpty(s.SmsToken), smsSender = s.SmsSender,
                runHour = s.RunHour, promiseGraceDays = s.PromiseGraceDays, thankYou = s.ThankYouMessages, portalUrl = s.PortalBaseUrl,
            };
            if (ctx.Json)
            {
                CliJson.Write(shown);
            }
            else
            {
                await Console.Out.WriteLineAsync(
                    $"SMTP {shown.smtpHost ?? "(not set)"}:{shown.smtpPort} {shown.smtpSecurity}, user {shown.smtpUser ?? "-"}, password {(shown.smtpPasswordSet ? "set" : "not set")}, from {shown.from ?? "-"}");
                await Console.Out.WriteLineAsync($"SMS {shown.smsUrl ?? "(not set)"}, token {(shown.smsTokenSet ? "set" : "not set")}; daily run at {shown.runHour}:00; promise grace {shown.promiseGraceDays} days");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static SmtpSecurity ParseSecurity(string value) => value.ToLowerInvariant() switch
    {
        "none" => SmtpSecurity.None,
        "starttls" => SmtpSecurity.StartTls,
        "ssl" => SmtpSecurity.SslOnConnect,
        "auto" => SmtpSecurity.Auto,
        _ => throw new UsageException("--smtp-security: none, starttls, ssl or auto."),
    };

    private static string AbsoluteUrl(string value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? value
            : throw new UsageException($"{option}: an absolute http(s) URL.");
}
