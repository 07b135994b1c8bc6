using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Plans;
using Encaisse.Operations;

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
        var timeZone = new Option<string?>("--time-zone") { Description = "Tenant time zone (IANA, e.g. Europe/Paris): today's date and the run hour" };
        var command = new Command("settings", "Show or change the tenant's SMTP, SMS and scheduling settings")
        {
            host, port, security, user, passwordStdin, from, fromName, smsUrl, smsTokenStdin, smsSender, runHour, grace, thanks, portal,
        };
        command.Options.Add(timeZone);
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var p = ctx.Parse;
            var change = new DunningSettingsChange
            {
                SmtpHost = p.GetValue(host), SmtpPort = p.GetValue(port), SmtpSecurity = p.GetValue(security), SmtpUser = p.GetValue(user),
                From = p.GetValue(from), FromName = p.GetValue(fromName), SmsUrl = p.GetValue(smsUrl), SmsSender = p.GetValue(smsSender),
                RunHour = p.GetValue(runHour), TimeZone = p.GetValue(timeZone), PromiseGraceDays = p.GetValue(grace), ThankYou = p.GetValue(thanks),
                PortalUrl = p.GetValue(portal),
                SmtpPassword = p.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "" : null,
                SmsToken = p.GetValue(smsTokenStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "" : null,
            };
            var saved = await DunningSettingsEditor.SaveAsync(db, ctx.Clock, change, ct);
            // The refused fields are named by this verb's options (--smtp-port) rather than the request's names (smtpPort).
            if (saved.Error is { } error)
            {
                throw new OperationFailedException(error with { Fields = error.Fields.Select(f => f with { Field = "--" + Option(f.Field) }).ToList() });
            }

            var shown = saved.Value;

            if (ctx.Json)
            {
                CliJson.Write(shown);
            }
            else
            {
                await Console.Out.WriteLineAsync(
                    $"SMTP {shown.SmtpHost ?? "(not set)"}:{shown.SmtpPort} {shown.SmtpSecurity}, user {shown.SmtpUser ?? "-"}, password {(shown.SmtpPasswordSet ? "set" : "not set")}, from {shown.From ?? "-"}");
                await Console.Out.WriteLineAsync($"SMS {shown.SmsUrl ?? "(not set)"}, token {(shown.SmsTokenSet ? "set" : "not set")}; daily run at {shown.RunHour}:00 ({shown.TimeZone}); promise grace {shown.PromiseGraceDays} days");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The option named after a settings field (smtpHost → smtp-host, from → from).</summary>
    private static string Option(string field) => field switch
    {
        "thankYou" => "thank-you",
        "portalUrl" => "portal-url",
        _ => string.Concat(field.Select(ch => char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : ch.ToString())),
    };
}
