using Microsoft.AspNetCore.Identity;

namespace Encaisse.Web.Users;

/// <summary>Hashes and checks passwords with ASP.NET Core Identity's hasher (PBKDF2, per-password salt).</summary>
public static class Passwords
{
    private static readonly PasswordHasher<User> Hasher = new();

    public static void Set(User user, string password)
    {
        if (password.Length < 8)
        {
            throw new ArgumentException("A password needs at least 8 characters.", nameof(password));
        }

        user.PasswordHash = Hasher.HashPassword(user, password);
    }

    /// <summary>A random password of 16 URL-safe characters (12 random bytes), shown once to the person who creates it.</summary>
    public static string Generate() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');

    public static bool Check(User user, string password) =>
        !string.IsNullOrEmpty(user.PasswordHash) &&
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
}
