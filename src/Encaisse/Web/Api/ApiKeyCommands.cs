using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Operations;

namespace Encaisse.Web.Api;

internal static class ApiKeyCommands
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "What the key is for", DefaultValueFactory = _ => "default" };
        var admin = new Option<bool>("--admin") { Description = "Administrator key: may also change what all tenants share (PUT /api/v1/rates)" };
        var days = new Option<int>("--days")
        {
            Description = $"Days the key stays valid (1-{ApiKeys.MaxDays}; 0: never expires)", DefaultValueFactory = _ => ApiKeys.DefaultDays,
        };
        var create = new Command("create", "Create an API key for the tenant; the key is printed once") { name, admin, days };
        create.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var issued = (await ApiKeys.IssueAsync(db, ctx.Parse.GetValue(name), ctx.Parse.GetValue(days), ctx.Parse.GetValue(admin), ctx.Clock.GetUtcNow(), ct,
                allowNoExpiry: true)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(new
                {
                    tenant = tenant.Code, name = issued.Key.Name, key = issued.Clear, administrator = issued.Key.Administrator, expiresAt = issued.Key.ExpiresAt,
                });
            }
            else
            {
                await Console.Out.WriteLineAsync(issued.Clear);
            }

            return ExitCodes.Success;
        });

        var list = new Command("list", "List the tenant's API keys (prefix, state, expiry; never the key)");
        list.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var keys = await ApiKeys.ListAsync(db, ctx.Clock.GetUtcNow(), ct);
            if (ctx.Json)
            {
                CliJson.Write(keys);
            }
            else
            {
                foreach (var k in keys)
                {
                    await Console.Out.WriteLineAsync(string.Join('\t', k.Prefix, k.State, k.Name, k.CreatedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        k.ExpiresAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-", k.Administrator ? "admin" : ""));
                }
            }

            return ExitCodes.Success;
        });

        var key = new Argument<string>("KEY") { Description = "The key's id or prefix (as listed, at least 8 characters)" };
        var revoke = new Command("revoke", "Revoke an API key: refused from its next request") { key };
        revoke.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var revoked = (await ApiKeys.RevokeAsync(db, ctx.Parse.GetValue(key)!, ctx.Clock.GetUtcNow(), ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(revoked);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{revoked.Prefix} revoked");
            }

            return ExitCodes.Success;
        });
        return new Command("apikey", "Manage REST API keys") { create, list, revoke };
    }
}
