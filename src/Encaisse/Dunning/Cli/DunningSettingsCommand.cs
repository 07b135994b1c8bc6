using System.CommandLine;
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
            var input = new ChannelSettingsInput
            {
                SmtpHost = p.GetValue(host),
                SmtpPort = p.GetValue(port),
                SmtpSecurity = p.GetValue(security) is { } sec ? ChannelSettings.ParseSecurity(sec) ?? throw new UsageException("--smtp-security: none, starttls, ssl or auto.") : null,
                SmtpUser = p.GetValue(user),
                FromAddress = p.GetValue(from),
                FromName = p.GetValue(fromName),
                SmsUrl = p.GetValue(smsUrl),
                SmsSender = p.GetValue(smsSender),
                RunHour = p.GetValue(runHour),
                PromiseGraceDays = p.GetValue(grace),
                ThankYouMessages = p.GetValue(thanks),
                PortalBaseUrl = p.GetValue(portal),
                SmtpPassword = p.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "" : null,
            };
            if (p.GetValue(smsTokenStdin))
            {
                input = input with { SmsToken = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "" };
            }

            if (ChannelSettings.Apply(s, input) is [var first, ..])
            {
                throw new UsageException($"--{first.Field}: {first.Reason}");
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
}
