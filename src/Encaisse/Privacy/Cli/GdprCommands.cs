using System.CommandLine;
using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Operations;

namespace Encaisse.Privacy.Cli;

internal static class GdprCommands
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static Command Build()
    {
        var customer = new Option<string>("--customer") { Description = "The customer's reference", Required = true };
        var outputFile = new Option<string>("--output") { Description = "The JSON file to write", Required = true };
        var export = new Command("export", "Write everything held about a person (identity, contacts, documents, timeline, messages, calls, portal visits, payments)")
        {
            customer, outputFile,
        };
        export.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var data = (await PersonalData.ExportAsync(db, ctx.Parse.GetValue(customer)!, ctx.Clock.GetUtcNow(), ct)).OrThrow();
            var path = ctx.Parse.GetValue(outputFile)!;
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(data, Indented), ct);
            // The answer names the file, never its personal contents.
            if (ctx.Json)
            {
                CliJson.Write(new { customer = ctx.Parse.GetValue(customer), output = Path.GetFullPath(path) });
            }
            else
            {
                await Console.Out.WriteLineAsync($"written {Path.GetFullPath(path)}");
            }

            return ExitCodes.Success;
        });

        var eraseCustomer = new Option<string>("--customer") { Description = "The customer's reference", Required = true };
        var force = new Option<bool>("--force") { Description = "Erase even with open invoices, or for a business customer" };
        var erase = new Command("erase", "Pseudonymise a person's name, address, e-mails, phones, IBANs and notes; accounting records stay under the pseudonym")
        {
            eraseCustomer, force,
        };
        erase.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var summary = (await PersonalData.EraseAsync(db, ctx.Parse.GetValue(eraseCustomer)!, ctx.Parse.GetValue(force), ctx.Clock.GetUtcNow(), ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(summary);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{summary.CustomerRef} erased: now {summary.Pseudonym}");
            }

            return ExitCodes.Success;
        });

        var contactYears = new Option<int?>("--contact-years") { Description = "Years after the last movement that a consumer's contact data is kept (1-10)" };
        var accountingYears = new Option<int?>("--accounting-years") { Description = "Years accounting records are kept (10 or more)" };
        var settings = new Command("settings", "Show or set the retention periods of personal data") { contactYears, accountingYears };
        settings.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var (c, a) = (ctx.Parse.GetValue(contactYears), ctx.Parse.GetValue(accountingYears));
            var view = c is null && a is null ? await PersonalData.SettingsAsync(db, ct) : (await PersonalData.SetSettingsAsync(db, c, a, ctx.Clock.GetUtcNow(), ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(view);
            }
            else
            {
                await Console.Out.WriteLineAsync($"contact data: {view.ContactDataYears} years after the last movement; accounting records: {view.AccountingYears} years");
            }

            return ExitCodes.Success;
        });

        var due = new Command("due", "List the consumer customers whose contact data is past its retention period");
        due.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var refs = await PersonalData.DueAsync(db, ctx.Today(tenant), ct);
            if (ctx.Json)
            {
                CliJson.Write(refs);
            }
            else
            {
                foreach (var r in refs)
                {
                    await Console.Out.WriteLineAsync(r);
                }
            }

            return ExitCodes.Success;
        });
        return new Command("gdpr", "Personal data of consumer debtors: export, erasure, retention periods") { export, erase, settings, due };
    }
}
