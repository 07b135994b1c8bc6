using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Encaisse.Demo;

/// <summary>Creates the demo tenant and its portfolio (used by <c>demo generate</c> and <c>serve --demo</c>).</summary>
internal static class DemoSetup
{
    public const string TenantCode = "demo";

    public static async Task<DemoWriter.Counts> GenerateAsync(DatabaseFactory factory, string code, DemoOptions options, TimeProvider clock,
        IAnsiConsole? console, CancellationToken ct)
    {
        Tenant tenant;
        await using (var db = factory.Create())
        {
            if (await db.Tenants.AnyAsync(t => t.Code == code, ct))
            {
                throw new Operations.OperationFailedException(Operations.OperationError.Invalid("demo.tenantExists", ("tenant", code)));
            }

            tenant = DemoTenant.Create(code, clock);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(ct);
        }

        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var portfolio = DemoPortfolio.Generate(tenant.Id, today, options);
        if (console is null)
        {
            return await DemoWriter.WriteAsync(factory, tenant, portfolio, null, ct);
        }

        DemoWriter.Counts counts = null!;
        await console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("Generating customers", maxValue: options.Customers);
            counts = await DemoWriter.WriteAsync(factory, tenant, portfolio, done => task.Value = done, ct);
        });
        return counts;
    }

    /// <summary>Makes sure the demo tenant exists with its portfolio; returns it.</summary>
    public static async Task<Tenant> EnsureAsync(DatabaseFactory factory, TimeProvider clock, CancellationToken ct)
    {
        await using (var db = factory.Create())
        {
            if (!await db.Tenants.AnyAsync(t => t.Code == TenantCode, ct))
            {
                await Console.Out.WriteLineAsync("Generating the demo portfolio (200 customers, 24 months)...");
                var counts = await GenerateAsync(factory, TenantCode, new DemoOptions(), clock, null, ct);
                await Console.Out.WriteLineAsync($"Demo tenant ready: {counts.Customers} customers, {counts.Invoices} invoices.");
            }
        }

        await using var tenantDb = factory.Create();
        return await tenantDb.Tenants.AsNoTracking().SingleAsync(t => t.Code == TenantCode, ct);
    }
}
