using System.CommandLine;
using Encaisse.Cli;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Portal.Cli;

internal static class PortalCommands
{
    public static Command Build()
    {
        var customer = new Argument<string>("CUSTOMER_REF") { Description = "The customer's external reference (e.g. 411DUPONT)" };
        var days = new Option<int>("--days") { Description = "Days the link stays valid (1-366)", DefaultValueFactory = _ => 30 };
        var baseUrl = new Option<string>("--base-url") { Description = "Public address of the server", DefaultValueFactory = _ => "http://localhost:5080" };
        var link = new Command("link", "Create a customer's portal link and print its URL (shown once)") { customer, days, baseUrl };
        link.SetHandler(async (ctx, ct) =>
        {
            var validDays = ctx.Parse.GetValue(days);
            if (validDays is < 1 or > 366)
            {
                throw new UsageException("--days: from 1 to 366.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var reference = ctx.Parse.GetValue(customer)!;
            var customerId = await db.Customers.Where(c => c.ExternalRef == reference).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct)
                ?? throw new UsageException($"No customer '{reference}' in tenant {tenant.Code}.");
            var now = ctx.Clock.GetUtcNow();
            var path = await PortalLinks.CreateAsync(db, customerId, now, validDays, "cli", ct);
            var url = ctx.Parse.GetValue(baseUrl)!.TrimEnd('/') + path;
            if (ctx.Json)
            {
                CliJson.Write(new { customer = reference, url, expiresAt = now.AddDays(validDays) });
            }
            else
            {
                await Console.Out.WriteLineAsync(url);
            }

            return ExitCodes.Success;
        });
        var revokedRef = new Argument<string>("CUSTOMER_REF") { Description = "The customer's external reference" };
        var revoke = new Command("revoke", "Revoke every live portal link of a customer") { revokedRef };
        revoke.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var reference = ctx.Parse.GetValue(revokedRef)!;
            var customerId = await db.Customers.Where(c => c.ExternalRef == reference).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct)
                ?? throw new UsageException($"No customer '{reference}' in tenant {tenant.Code}.");
            var revoked = await PortalLinks.RevokeAllAsync(db, customerId, ctx.Clock.GetUtcNow(), ct);
            if (ctx.Json)
            {
                CliJson.Write(new { customer = reference, revoked });
            }
            else
            {
                await Console.Out.WriteLineAsync($"{revoked} link(s) revoked");
            }

            return ExitCodes.Success;
        });
        return new Command("portal", "Customer portal links") { link, revoke };
    }
}
