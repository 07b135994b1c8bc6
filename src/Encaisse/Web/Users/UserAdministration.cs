using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Users;

/// <summary>Why a change to users was refused (a code the settings page translates).</summary>
public enum UserRefusal
{
    None = 0,
    LoginTaken,
    BadLogin,
    BadName,
    BadLanguage,
    NotFound,
    /// <summary>The tenant would be left without an active administrator.</summary>
    LastAdministrator,
}

/// <summary>
/// Adds users, changes roles, disables and re-enables them and resets passwords. The tenant always keeps at least
/// one active administrator. New and reset passwords are generated and returned once; only their hash is stored.
/// </summary>
public static class UserAdministration
{
    public static async Task<(UserRefusal Refusal, string? Password)> AddAsync(EncaisseDb db, string login, string? displayName, UserRole role,
        string language, DateTimeOffset now, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Length is 0 or > 100 || login.Any(char.IsWhiteSpace))
        {
            return (UserRefusal.BadLogin, null);
        }

        if (displayName is { Length: > 200 })
        {
            return (UserRefusal.BadName, null);
        }

        if (language is not ("fr" or "en"))
        {
            return (UserRefusal.BadLanguage, null);
        }

        // Logins are unique across the installation (the sign-in page has no tenant field).
        if (await db.Set<User>().IgnoreQueryFilters().AnyAsync(u => u.Login == login, ct))
        {
            return (UserRefusal.LoginTaken, null);
        }

        var password = Passwords.Generate();
        var user = new User
        {
            TenantId = db.TenantId, Login = login, DisplayName = string.IsNullOrWhiteSpace(displayName) ? login : displayName.Trim(), Role = role,
            Language = language, CreatedAt = now,
        };
        Passwords.Set(user, password);
        db.Add(user);
        await db.SaveChangesAsync(ct);
        return (UserRefusal.None, password);
    }

    public static async Task<UserRefusal> ChangeRoleAsync(EncaisseDb db, Guid userId, UserRole role, CancellationToken ct)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return UserRefusal.NotFound;
        }

        if (role != UserRole.Administrator && await IsLastAdministratorAsync(db, user, ct))
        {
            return UserRefusal.LastAdministrator;
        }

        user.Role = role;
        await db.SaveChangesAsync(ct);
        return UserRefusal.None;
    }

    /// <summary>Disables (sign-in refused from now on) or re-enables a user.</summary>
    public static async Task<UserRefusal> SetDisabledAsync(EncaisseDb db, Guid userId, bool disabled, DateTimeOffset now, CancellationToken ct)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return UserRefusal.NotFound;
        }

        if (disabled && await IsLastAdministratorAsync(db, user, ct))
        {
            return UserRefusal.LastAdministrator;
        }

        user.DisabledAt = disabled ? user.DisabledAt ?? now : null;
        await db.SaveChangesAsync(ct);
        return UserRefusal.None;
    }

    public static async Task<(UserRefusal Refusal, string? Password)> ResetPasswordAsync(EncaisseDb db, Guid userId, CancellationToken ct)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return (UserRefusal.NotFound, null);
        }

        var password = Passwords.Generate();
        Passwords.Set(user, password);
        await db.SaveChangesAsync(ct);
        return (UserRefusal.None, password);
    }

    private static async Task<bool> IsLastAdministratorAsync(EncaisseDb db, User user, CancellationToken ct) =>
        user.Role == UserRole.Administrator && user.DisabledAt is null &&
        !await db.Set<User>().AnyAsync(u => u.Id != user.Id && u.Role == UserRole.Administrator && u.DisabledAt == null, ct);
}
