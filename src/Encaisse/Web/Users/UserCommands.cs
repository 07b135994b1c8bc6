using System.CommandLine;
using Encaisse.Cli;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Users;

internal static class UserCommands
{
    public static Command Build()
    {
        var login = new Argument<string>("LOGIN") { Description = "Sign-in name (unique)" };
        var role = new Option<string>("--role") { Description = "administrator | credit-manager | collector | read-only", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the login)" };
        var lang = new Option<string>("--lang") { Description = "Language of the back office: fr or en", DefaultValueFactory = _ => "fr" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one" };
        var add = new Command("add", "Create a back-office user of the tenant (prints a generated password unless --password-stdin)") { login, role, name, lang, stdin };
        add.SetHandler(async (ctx, ct) =>
        {
            var parsedRole = ParseRole(ctx.Parse.GetValue(role)!);
            var language = ctx.Parse.GetValue(lang);
            if (language is not ("fr" or "en"))
            {
                throw new UsageException("--lang: fr or en.");
            }

            string password;
            var generated = !ctx.Parse.GetValue(stdin);
            if (generated)
            {
                password = Passwords.Generate();
            }
            else
            {
                password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
                if (password.Length < 8)
                {
                    throw new UsageException("The password read from standard input needs at least 8 characters.");
                }
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var loginValue = ctx.Parse.GetValue(login)!.Trim();
            if (loginValue.Length is 0 or > 100)
            {
                throw new UsageException("LOGIN: 1 to 100 characters.");
            }

            if (await db.Set<User>().IgnoreQueryFilters().AnyAsync(u => u.Login == loginValue, ct))
            {
                throw new CommandFailedException($"A user '{loginValue}' already exists.");
            }

            var user = new User
            {
                TenantId = tenant.Id, Login = loginValue, DisplayName = ctx.Parse.GetValue(name) ?? loginValue, Role = parsedRole,
                Language = language, CreatedAt = ctx.Clock.GetUtcNow(),
            };
            Passwords.Set(user, password);
            db.Add(user);
            await db.SaveChangesAsync(ct);
            if (ctx.Json)
            {
                CliJson.Write(new { tenant = tenant.Code, login = user.Login, role = user.Role, password = generated ? password : null });
            }
            else
            {
                await Console.Out.WriteLineAsync(generated ? $"User {user.Login} ({user.Role}) created. Password: {password}" : $"User {user.Login} ({user.Role}) created.");
            }

            return ExitCodes.Success;
        });
        return new Command("user", "Manage back-office users") { add };
    }

    internal static UserRole ParseRole(string text) => text.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
    {
        "administrator" or "admin" => UserRole.Administrator,
        "credit-manager" or "creditmanager" => UserRole.CreditManager,
        "collector" => UserRole.Collector,
        "read-only" or "readonly" => UserRole.ReadOnly,
        _ => throw new UsageException($"--role: '{text}' is not one of administrator, credit-manager, collector, read-only."),
    };
}
