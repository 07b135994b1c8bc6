using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Users;

/// <summary>A sign-in to print for a demo: never use these outside a demo database.</summary>
public sealed record DemoCredential(string Login, string Password, UserRole Role);

/// <summary>Creates the demo sign-ins of a tenant (called by the demo generator and by <c>serve --demo</c>).</summary>
public static class DemoUsers
{
    public const string Password = "encaisse-demo";

    /// <summary>
    /// Makes sure the tenant has one user per role plus one collector user per collector named on its customers
    /// (so that "my portfolio" means something), all with the demo password. Idempotent; returns the sign-ins.
    /// </summary>
    public static async Task<IReadOnlyList<DemoCredential>> EnsureAsync(DatabaseFactory factory, Guid tenantId, TimeProvider clock, CancellationToken ct)
    {
        await using var db = factory.Create(tenantId);
        var wanted = new List<(string Login, string Name, UserRole Role)>
        {
            ("admin", "Administrateur démo", UserRole.Administrator),
            ("credit", "Claire Martin (crédit)", UserRole.CreditManager),
            ("lecture", "Commercial (lecture seule)", UserRole.ReadOnly),
        };
        var collectors = await db.Customers.Where(c => c.Collector != null).Select(c => c.Collector!).Distinct().OrderBy(c => c).Take(5).ToListAsync(ct);
        wanted.AddRange(collectors.Select(c => (c, "Recouvrement " + c, UserRole.Collector)));
        if (collectors.Count == 0)
        {
            wanted.Add(("recouvrement", "Chargé de recouvrement", UserRole.Collector));
        }

        var credentials = new List<DemoCredential>();
        foreach (var (login, name, role) in wanted)
        {
            var user = await db.Set<User>().IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Login == login, ct);
            if (user is not null && user.TenantId != tenantId)
            {
                continue; // The login belongs to another tenant of this database: leave it alone.
            }

            if (user is null)
            {
                user = new User { TenantId = tenantId, Login = login, DisplayName = name, Role = role, CreatedAt = clock.GetUtcNow() };
                db.Add(user);
            }

            if (!Passwords.Check(user, Password))
            {
                // Only when it differs: setting it again would sign out whoever is signed in with it (a second
                // bench server or demo start on the same database).
                Passwords.Set(user, Password);
            }

            credentials.Add(new DemoCredential(login, Password, user.Role));
        }

        await db.SaveChangesAsync(ct);
        return credentials;
    }
}
