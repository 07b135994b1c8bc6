using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Payments.Sepa;
using Microsoft.EntityFrameworkCore;
using Encaisse.Operations;

namespace Encaisse.Payments.Cli;

/// <summary><c>encaisse sepa mandate add</c> and <c>encaisse sepa collect</c>: SEPA Core direct debit.</summary>
internal static class SepaCommands
{
    public static Command Build()
    {
        var sepa = new Command("sepa", "SEPA direct debit: mandates and pain.008 collection files");
        sepa.Subcommands.Add(new Command("mandate", "Direct-debit mandates") { BuildAddMandate() });
        sepa.Subcommands.Add(BuildCollect());
        return sepa;
    }

    private static Command BuildAddMandate()
    {
        var customer = new Option<string>("--customer") { Description = "Customer reference (ExternalRef)", Required = true };
        var reference = new Option<string>("--reference") { Description = "Unique mandate reference (RUM)", Required = true };
        var signed = new Option<string>("--signed") { Description = "Signature date yyyy-mm-dd", Required = true };
        var iban = new Option<string>("--iban") { Description = "Debtor IBAN", Required = true };
        var bic = new Option<string?>("--bic") { Description = "Debtor BIC (optional)" };
        var name = new Option<string?>("--name") { Description = "Debtor name (default: the customer's legal name)" };
        var add = new Command("add", "Record a signed mandate; the customer then pays by direct debit") { customer, reference, signed, iban, bic, name };
        add.SetHandler(async (ctx, ct) =>
        {
            var signedOn = CliRunner.ParseDate(ctx.Parse.GetValue(signed), "--signed")!.Value;
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var ref_ = ctx.Parse.GetValue(customer)!;
            var rum = (await MandateOperations.AddAsync(db, new MandateInput(ref_, ctx.Parse.GetValue(reference), signedOn, ctx.Parse.GetValue(iban), ctx.Parse.GetValue(bic),
                ctx.Parse.GetValue(name)), ctx.Clock, ct)).OrThrow().Reference;
            if (ctx.Json)
            {
                CliJson.Write(new { reference = rum, customer = ref_ });
            }

            return ExitCodes.Success;
        });
        return add;
    }

    private static Command BuildCollect()
    {
        var date = new Option<string>("--date") { Description = "Requested collection date yyyy-mm-dd (invoices due by then)", Required = true };
        var creditorId = new Option<string>("--creditor-id") { Description = "SEPA creditor identifier (ICS), e.g. FR72ZZZ123456", Required = true };
        var version = new Option<string>("--version") { Description = "pain.008 version: 02 or 08", DefaultValueFactory = _ => "08" };
        var output = new Option<string>("--out") { Description = "File to write", Required = true };
        var collect = new Command("collect", "Write the pain.008 file for invoices due by --date of customers paying by direct debit, and book the collections")
        {
            date, creditorId, version, output,
        };
        collect.SetHandler(async (ctx, ct) =>
        {
            var on = CliRunner.ParseDate(ctx.Parse.GetValue(date), "--date")!.Value;
            var ics = ctx.Parse.GetValue(creditorId)!;

            var pain = ctx.Parse.GetValue(version) switch
            {
                "02" or "001.02" => Pain008Version.V02,
                "08" or "001.08" => Pain008Version.V08,
                var v => throw new UsageException($"--version: '{v}' (use 02 or 08)."),
            };
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var path = ctx.Parse.GetValue(output)!;
            var run = (await DirectDebitCollections.CollectAsync(db, tenant, on, ics, pain, async (document, token) =>
            {
                await using var file = File.Create(path);
                await document.SaveAsync(file, System.Xml.Linq.SaveOptions.None, token);
            }, ctx.Clock, ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(new { messageId = run.MessageId, collections = run.Collections.Count, total = Currencies.FromMinor(run.TotalMinor, "EUR"), file = path });
            }
            else
            {
                await Console.Out.WriteLineAsync($"{run.Collections.Count} collection(s), {Currencies.FormatFrench(run.TotalMinor, "EUR")}, written to {path}");
            }

            return ExitCodes.Success;
        });
        return collect;
    }
}
