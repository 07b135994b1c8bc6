using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Users;

/// <summary>Failed sign-ins counted for one login or one address (installation-wide, shared by every server through the database).</summary>
public sealed class SignInThrottle
{
    /// <summary><c>login:{login}</c> or <c>address:{ip}</c>.</summary>
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>How many failures lock a login or an address, and for how long.</summary>
public sealed record SignInPolicy(int MaxFailuresPerLogin, int MaxFailuresPerAddress, TimeSpan Window, TimeSpan Lockout)
{
    public static readonly SignInPolicy Default = new(MaxFailuresPerLogin: 5, MaxFailuresPerAddress: 20, Window: TimeSpan.FromMinutes(15), Lockout: TimeSpan.FromMinutes(15));
}

/// <summary>
/// Checks a login and password (ADR 1601). A login or an address with too many recent failures is locked for a while and answered without
/// hashing anything (a locked attacker costs no CPU); an unknown login costs one hash like a known one (a dummy), so the answer time does
/// not tell which logins exist; and unknown logins are counted and locked like known ones, so the lockout does not tell either.
/// </summary>
public static class SignIns
{
    private static readonly PasswordHasher<User> Hasher = new();
    private static readonly User Dummy = new() { Login = "", DisplayName = "" };
    private static readonly string DummyHash = Hasher.HashPassword(Dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>
    /// Counts the password hashes verified in the current async flow (tests: an unknown login must cost a hash like a known one). Null
    /// outside a test that sets it.
    /// </summary>
    internal static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<int>?> HashesVerified = new();

    private static void CountHash()
    {
        if (HashesVerified.Value is { } box)
        {
            box.Value++;
        }
    }

    /// <summary>The signed-in user, or <c>signin.failed</c> / <c>signin.locked</c> (data: minutes).</summary>
    public static async Task<Result<User>> AttemptAsync(EncaisseDb db, string? login, string? password, string? address, DateTimeOffset now,
        SignInPolicy policy, CancellationToken ct)
    {
        login = (login ?? "").Trim();
        var keys = new List<string> { "login:" + login.ToLowerInvariant() };
        if (!string.IsNullOrEmpty(address))
        {
            keys.Add("address:" + address);
        }

        var throttles = await db.Set<SignInThrottle>().Where(t => keys.Contains(t.Key)).ToListAsync(ct);
        if (LockedUntil(throttles, now) is { } until)
        {
            return Locked(until, now);
        }

        var user = login.Length == 0 ? null : await db.Set<User>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(u => u.Login == login && u.DisabledAt == null, ct);
        bool ok;
        if (user is not null && !string.IsNullOrEmpty(user.PasswordHash))
        {
            ok = Passwords.Check(user, password ?? "");
            CountHash();
        }
        else
        {
            // Same work as for a known login, result ignored.
            _ = Hasher.VerifyHashedPassword(Dummy, DummyHash, password ?? "");
            CountHash();
            ok = false;
        }
        if (ok)
        {
            db.RemoveRange(throttles.Where(t => t.Key == keys[0]));
            await db.SaveChangesAsync(ct);
            return Result.Ok(user!);
        }

        foreach (var key in keys)
        {
            var throttle = throttles.FirstOrDefault(t => t.Key == key);
            if (throttle is null)
            {
                throttle = new SignInThrottle { Key = key, WindowStart = now };
                db.Add(throttle);
            }
            else if (throttle.WindowStart + policy.Window <= now)
            {
                throttle.WindowStart = now;
                throttle.Failures = 0;
                throttle.LockedUntil = null;
            }

            throttle.Failures++;
            var max = key.StartsWith("login:", StringComparison.Ordinal) ? policy.MaxFailuresPerLogin : policy.MaxFailuresPerAddress;
            if (throttle.Failures >= max)
            {
                throttle.LockedUntil = now + policy.Lockout;
                throttle.Failures = 0;
                throttle.WindowStart = now;
            }

            throttles.Add(throttle);
        }

        await db.SaveChangesAsync(ct);
        return LockedUntil(throttles, now) is { } lockedNow ? Locked(lockedNow, now) : OperationError.Invalid("signin.failed");
    }

    /// <summary>Ends every session of the user (sign-out): the next request of any copy of the cookie is refused.</summary>
    public static async Task EndSessionsAsync(EncaisseDb db, string login, CancellationToken ct) =>
        await db.Set<User>().IgnoreQueryFilters().Where(u => u.Login == login)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, User.NewStamp()), ct);

    private static DateTimeOffset? LockedUntil(IEnumerable<SignInThrottle> throttles, DateTimeOffset now) =>
        throttles.Where(t => t.LockedUntil > now).Select(t => t.LockedUntil).Max();

    private static OperationError Locked(DateTimeOffset until, DateTimeOffset now) =>
        OperationError.Conflict("signin.locked", ("minutes", Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes))));
}
