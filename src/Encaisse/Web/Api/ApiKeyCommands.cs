using System.CommandLine;
using Encaisse.Cli;

namespace Encaisse.Web.Api;

internal static class ApiKeyCommands
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "What the key is for", DefaultValueFactory = _ => "default" };
        var admin = new Option<bool>("--admin") { Description = "Administrator key: may also change what all tenants share (PUT /api/v1/rates)" };
        var create = new Command("create", "Create an API key for the tenant; the key is printed once") { name, admin };
        create.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            var (entity, clear) = ApiKey.Issue(tenant.Id, ctx.Parse.GetValue(name)!, ctx.Clock.GetUtcNow(), ctx.Parse.GetValue(admin));
            await using var db = await ctx.DbForAsync(tenant, ct);
            db.Add(entity);
            await db.SaveChangesAsync(ct);
            if (ctx.Json)
            {
                CliJson.Write(new { tenant = tenant.Code, name = entity.Name, key = clear, administrator = entity.IsAdministrator });
            }
            else
            {
                await Console.Out.WriteLineAsync(clear);
            }

            return ExitCodes.Success;
        });
        return new Command("apikey", "Manage REST API keys") { create };
    }
}
