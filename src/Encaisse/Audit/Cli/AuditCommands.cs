using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Operations;

namespace Encaisse.Audit.Cli;

internal static class AuditCommands
{
    public static Command Build()
    {
        var customer = new Option<string?>("--customer") { Description = "Only the entries of this customer (its reference)" };
        var type = new Option<string?>("--type") { Description = "Only objects of this type (customer, contact, dunning_template, api_key...)" };
        var obj = new Option<string?>("--object") { Description = "Only this object (its id or reference)" };
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first", DefaultValueFactory = _ => 500 };
        var list = new Command("list", "List the audit trail: who changed what, when, from where, before and after") { customer, type, obj, limit };
        list.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var entries = (await AuditQueries.ListAsync(db, ctx.Parse.GetValue(customer), ctx.Parse.GetValue(type), ctx.Parse.GetValue(obj), ctx.Parse.GetValue(limit), ct))
                .OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(entries);
            }
            else
            {
                foreach (var e in entries)
                {
                    await Console.Out.WriteLineAsync(string.Join('\t', e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.ActorKind + ":" + e.ActorId,
                        e.Action, e.ObjectRef ?? e.ObjectId, e.Before?.GetRawText() ?? "-", e.After?.GetRawText() ?? "-"));
                }
            }

            return ExitCodes.Success;
        });
        return new Command("audit", "Read the audit trail") { list };
    }
}
