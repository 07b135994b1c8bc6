using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;
using Encaisse.Formats.EInvoice;
using Encaisse.Operations;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing.Cli;

/// <summary><c>encaisse einvoice statuses|status|settings</c>: lifecycle statuses in and out (ADR 1400).</summary>
internal static class EInvoiceStatusCommands
{
    public static Command BuildStatuses()
    {
        var export = new Option<DirectoryInfo?>("--export") { Description = "Write each pending outgoing status as a CDAR file in DIR (for a manual upload to the platform) and mark it exported" };
        var command = new Command("statuses", "Produce the cashed statuses due (payments allocated to e-invoices), then list the statuses received and produced") { export };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var produced = await EInvoiceStatuses.ProduceCashedAsync(db, ctx.Clock, ct);
            IReadOnlyList<string> exported = [];
            if (ctx.Parse.GetValue(export) is { } dir)
            {
                dir.Create();
                exported = (await EInvoiceStatuses.ExportPendingAsync(db, tenant, ctx.Clock,
                    (name, content, token) => File.WriteAllBytesAsync(Path.Combine(dir.FullName, name), content, token), ct)).OrThrow();
            }

            var list = await EInvoiceStatuses.ListAsync(db, null, null, ct);
            if (ctx.Json)
            {
                CliJson.Write(new { produced, exported, statuses = list });
            }
            else
            {
                await Console.Out.WriteLineAsync($"{produced} cashed status(es) produced, {exported.Count} exported; {list.Count} status(es):");
                foreach (var s in list)
                {
                    await Console.Out.WriteLineAsync($"  {s.Direction,-3} {s.Invoice} {s.Code} {s.Label} {s.On:yyyy-MM-dd} {s.Amount} {s.Currency} {s.State} {s.Reason}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildReceive()
    {
        var invoice = new Argument<string?>("INVOICE") { Description = "Invoice number (or give --file)", Arity = ArgumentArity.ZeroOrOne };
        var code = new Argument<int?>("CODE") { Description = "Status code (DGFiP: 205 approved, 207 in dispute, 210 refused, 211 payment transmitted, 213 rejected...)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "A CDAR status message received from the platform" };
        var date = new Option<string?>("--date") { Description = "Date of the status (yyyy-mm-dd, default today)" };
        var reason = new Option<string?>("--reason") { Description = "The buyer's reason" };
        var amount = new Option<string?>("--amount") { Description = "Amount (payment transmitted)" };
        var command = new Command("status", "Record a lifecycle status received for one of the company's e-invoices (refused/rejected/in dispute open a dispute, payment transmitted a promise)")
            { invoice, code, file, date, reason, amount };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            ReceivedStatus received;
            if (ctx.Parse.GetValue(file) is { } f)
            {
                if (!f.Exists)
                {
                    throw new UsageException($"File not found: {f.FullName}");
                }

                var (cdar, problem) = CdarMessage.Read(await File.ReadAllBytesAsync(f.FullName, ct));
                if (cdar is null)
                {
                    throw new UsageException($"{f.Name}: {problem}");
                }

                received = new ReceivedStatus(cdar.InvoiceNumber, cdar.StatusCode, cdar.StatusDate, cdar.Reason, cdar.ReasonCode, cdar.Amount,
                    cdar.MessageId.Length > 0 ? cdar.MessageId : null, "file");
            }
            else
            {
                var number = ctx.Parse.GetValue(invoice) ?? throw new UsageException("Give INVOICE and CODE, or --file CDAR.xml.");
                var c = ctx.Parse.GetValue(code) ?? throw new UsageException("Give the status CODE (e.g. 207 in dispute).");
                var on = CliRunner.ParseDate(ctx.Parse.GetValue(date), "--date") ?? ctx.Today(tenant);
                var a = ctx.Parse.GetValue(amount) is { } text ? CliRunner.ParseAmount(text, "--amount") : (decimal?)null;
                received = new ReceivedStatus(number, c, on, ctx.Parse.GetValue(reason), null, a, null, "cli");
            }

            await using var db = await ctx.DbForAsync(tenant, ct);
            var view = (await EInvoiceStatuses.ReceiveAsync(new CollectionsScope(db, tenant, ctx.Clock, "cli"), received, ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(view);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{view.Invoice}: {view.Code} {view.Label} on {view.On:yyyy-MM-dd} recorded"
                    + (view.DisputeId is null ? "" : ", dispute opened") + (view.PromiseId is null ? "" : ", expected payment recorded"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildSend() => BuildExchange("send",
        "Produce the cashed statuses due and submit every pending outgoing status to the platform (bearer token in ENCAISSE_PA_TOKEN)", send: true, receive: false);

    public static Command BuildFetch() => BuildExchange("fetch",
        "Read the lifecycle statuses the platform received for the company's e-invoices (refused, in dispute, payment transmitted...) and record each once", send: false, receive: true);

    /// <summary>Both verbs run the one exchange the daily job runs (<see cref="EInvoiceExchange"/>), in one direction.</summary>
    private static Command BuildExchange(string name, string description, bool send, bool receive)
    {
        var platform = new Option<string?>("--platform") { Description = "Base URL of the platform's flow API (XP Z12-013 shape); default: the settings' platform, then ENCAISSE_PA_URL" };
        var command = new Command(name, description) { platform };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var settings = await EInvoiceStatuses.SettingsAsync(db, ct);
            if (ctx.Parse.GetValue(platform) is { } url)
            {
                settings.PlatformUrl = url;
            }

            using var client = EInvoiceExchange.ClientFor(settings)
                ?? throw new UsageException("Give the platform's API base URL with --platform, einvoice settings --platform or ENCAISSE_PA_URL.");
            var outcome = await EInvoiceExchange.RunAsync(new CollectionsScope(db, tenant, ctx.Clock, "cli"), client, send, receive, ct);
            if (ctx.Json)
            {
                CliJson.Write(outcome);
            }
            else
            {
                await Console.Out.WriteLineAsync(send
                    ? $"{outcome.Sent} status(es) sent, {outcome.Pending} still pending (see einvoice statuses for the errors)."
                    : $"{outcome.Received} status(es) received, {outcome.Ignored} already recorded or not for the company's e-invoices.");
                foreach (var problem in outcome.Problems)
                {
                    await Console.Error.WriteLineAsync("encaisse: " + problem);
                }
            }

            return outcome.Problems.Count > 0 || (send && outcome.Pending > 0) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    public static Command BuildSettings()
    {
        var cashedFor = new Option<string?>("--cashed-for") { Description = "Which e-invoices get a cashed status when paid: services (default, VAT on receipt), all, none" };
        var platformUrl = new Option<string?>("--platform") { Description = "Base URL of the platform's flow API used by the daily exchange (empty: none)" };
        var command = new Command("settings", "Show or change the e-invoicing settings") { cashedFor, platformUrl };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            if (ctx.Parse.GetValue(cashedFor) is { } value)
            {
                (await EInvoiceStatuses.SetCashedForAsync(db, value, ct)).OrThrow();
            }

            if (ctx.Parse.GetValue(platformUrl) is { } url)
            {
                (await EInvoiceStatuses.SetPlatformAsync(db, url, ct)).OrThrow();
            }

            var settings = await EInvoiceStatuses.SettingsAsync(db, ct);
            if (ctx.Json)
            {
                CliJson.Write(new { cashedFor = settings.CashedFor, platformUrl = settings.PlatformUrl });
            }
            else
            {
                await Console.Out.WriteLineAsync($"cashed status for: {settings.CashedFor}; platform: {settings.PlatformUrl ?? "-"}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
