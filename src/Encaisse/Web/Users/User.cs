using System.Security.Claims;
using Encaisse.Ledger;

namespace Encaisse.Web.Users;

/// <summary>What a person may do in the back office.</summary>
public enum UserRole
{
    /// <summary>Everything, including users and settings.</summary>
    Administrator = 0,
    /// <summary>All collection work plus credit decisions and approvals.</summary>
    CreditManager = 1,
    /// <summary>Works a portfolio: calls, promises, disputes, holds.</summary>
    Collector = 2,
    /// <summary>Sales and management: reads, never writes.</summary>
    ReadOnly = 3,
}

/// <summary>A person who signs in to the back office of one tenant. Only a salted hash of the password is kept.</summary>
public sealed class User : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Sign-in name; unique across the installation so that the sign-in page needs no tenant field.</summary>
    public required string Login { get; set; }
    public required string DisplayName { get; set; }
    public UserRole Role { get; set; }
    /// <summary>ASP.NET Core Identity's PBKDF2 hash format (v3).</summary>
    public string PasswordHash { get; set; } = "";
    /// <summary>Language of the back office for this person: fr or en.</summary>
    public string Language { get; set; } = "fr";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>Changes when the person signs out (and with the password): every session carries the stamp it opened with, and a
    /// session whose stamp is no longer the user's is refused on its next request.</summary>
    public string SecurityStamp { get; set; } = NewStamp();

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
}

/// <summary>Claim names and role policies used by the back office.</summary>
public static class UserClaims
{
    public const string Tenant = "encaisse:tenant";
    public const string Login = ClaimTypes.NameIdentifier;
    public const string Language = "encaisse:lang";

    /// <summary>Policy for pages that change collections data: everyone but read-only users.</summary>
    public const string CanAct = "can-act";
    /// <summary>Policy for administration pages.</summary>
    public const string Admin = "admin";

    /// <summary>A fingerprint of the password hash the session signed in with: a new password ends older sessions.</summary>
    public const string PasswordStamp = "encaisse:pwd";

    /// <summary>The user's <see cref="User.SecurityStamp"/> when the session opened: signing out changes it, ending every copy of the cookie.</summary>
    public const string SecurityStamp = "encaisse:stamp";

    public static string StampOf(string passwordHash) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwordHash)))[..16];

    public static string? LoginOf(ClaimsPrincipal user) => user.FindFirstValue(Login);
}
