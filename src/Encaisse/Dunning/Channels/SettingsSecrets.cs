using System.Security.Cryptography;
using System.Text;

namespace Encaisse.Dunning.Channels;

/// <summary>
/// The key that seals channel secrets (SMTP password, SMS token) at rest, AES-256-GCM (docs/adr/0360). Looked up in
/// order: <c>ENCAISSE_SECRET_KEY</c> (base64 of 32 bytes), the file named by <c>ENCAISSE_SECRET_KEY_FILE</c>, then
/// <c>~/.config/encaisse/secret.key</c> (<c>$XDG_CONFIG_HOME</c> when set), created with a random key the first time a
/// secret is sealed. Every node and every CLI that sends reminders needs the same key.
/// </summary>
public sealed class SecretKey
{
    private SecretKey(byte[] bytes, string source)
    {
        Bytes = bytes;
        Source = source;
        Id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];
    }

    internal byte[] Bytes { get; }
    /// <summary>Where the key came from (environment variable or file path), for error messages.</summary>
    public string Source { get; }
    /// <summary>First 8 hex digits of the key's SHA-256: stored with each sealed value to tell which key sealed it.</summary>
    public string Id { get; }

    /// <summary>The key, or null when none is configured and <paramref name="create"/> is false.</summary>
    public static SecretKey? Find(bool create)
    {
        if (Environment.GetEnvironmentVariable("ENCAISSE_SECRET_KEY") is { Length: > 0 } text)
        {
            return new SecretKey(Parse(text, "ENCAISSE_SECRET_KEY"), "ENCAISSE_SECRET_KEY");
        }

        var path = Environment.GetEnvironmentVariable("ENCAISSE_SECRET_KEY_FILE") is { Length: > 0 } file ? file : DefaultPath();
        if (File.Exists(path))
        {
            return new SecretKey(Parse(File.ReadAllText(path), path), path);
        }

        return create ? new SecretKey(Create(path), path) : null;
    }

    public static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "encaisse", "secret.key");
    }

    private static byte[] Parse(string text, string source)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length == 32 ? bytes : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The secret key in {source} is not the base64 text of 32 bytes (e.g. 'openssl rand -base64 32').");
        }
    }

    /// <summary>Writes a new random key atomically (mode 600); when another process wrote one first, that one wins.</summary>
    private static byte[] Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return Parse(File.ReadAllText(path), path);
    }
}

/// <summary>A sealed secret cannot be opened (key missing or different): the channel waits, as when not configured.</summary>
public sealed class SecretUnreadableException(string message) : Exception(message);

/// <summary>
/// Seals and opens the secrets of <see cref="DunningSettings"/>. Stored form: <c>enc:v1:KEYID:BASE64(nonce|tag|cipher)</c>,
/// with the tenant and the field as associated data (a value copied to another tenant or field does not open).
/// A value without the prefix is a clear value written before sealing existed: it is used as is and sealed on the next
/// read by <c>DunningSetup</c>.
/// </summary>
public static class SettingsSecrets
{
    private const string Prefix = "enc:v1:";

    public static bool IsSealed(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    public static string? Seal(string? clear, Guid tenantId, string field)
    {
        if (string.IsNullOrEmpty(clear) || IsSealed(clear))
        {
            return clear;
        }

        var key = SecretKey.Find(create: true)!;
        var plain = Encoding.UTF8.GetBytes(clear);
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), Associated(tenantId, field));
        return $"{Prefix}{key.Id}:{Convert.ToBase64String(sealedBytes)}";
    }

    public static string? Reveal(string? stored, Guid tenantId, string field)
    {
        if (!IsSealed(stored))
        {
            return stored;
        }

        var rest = stored![Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var keyId = colon > 0 ? rest[..colon] : "?";
        var key = SecretKey.Find(create: false)
            ?? throw new SecretUnreadableException($"The {field} is sealed with key {keyId} but no secret key is configured " +
                $"(ENCAISSE_SECRET_KEY, ENCAISSE_SECRET_KEY_FILE or {SecretKey.DefaultPath()}); restore that key or set the {field} again.");
        if (key.Id != keyId)
        {
            throw new SecretUnreadableException($"The {field} was sealed with key {keyId}, the key in {key.Source} is {key.Id}: restore that key or set the {field} again.");
        }

        try
        {
            var bytes = Convert.FromBase64String(rest[(colon + 1)..]);
            var plain = new byte[bytes.Length - 28];
            using var aes = new AesGcm(key.Bytes, 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain, Associated(tenantId, field));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            throw new SecretUnreadableException($"The {field} cannot be opened with key {key.Id} (altered or copied from another tenant): set it again.");
        }
    }

    private static byte[] Associated(Guid tenantId, string field) => Encoding.UTF8.GetBytes($"encaisse:{tenantId:N}:{field}");
}

/// <summary>The secret fields of <see cref="DunningSettings"/> (names used as associated data and in messages).</summary>
public static class DunningSecretFields
{
    public const string SmtpPassword = "smtpPassword";
    public const string SmsToken = "smsToken";

    /// <summary>
    /// Seals the settings' clear secrets in place; true when something changed. Only with a key that already exists:
    /// reading the settings (a dry run by an operator under another account, a second node) must never create a key
    /// of its own and seal the stored value with it, which would lock every other process out of the secret.
    /// </summary>
    public static bool SealClearValues(DunningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (SecretKey.Find(create: false) is null)
        {
            return false;
        }

        var changed = false;
        if (!string.IsNullOrEmpty(settings.SmtpPassword) && !SettingsSecrets.IsSealed(settings.SmtpPassword))
        {
            settings.SmtpPassword = SettingsSecrets.Seal(settings.SmtpPassword, settings.TenantId, SmtpPassword);
            changed = true;
        }

        if (!string.IsNullOrEmpty(settings.SmsToken) && !SettingsSecrets.IsSealed(settings.SmsToken))
        {
            settings.SmsToken = SettingsSecrets.Seal(settings.SmsToken, settings.TenantId, SmsToken);
            changed = true;
        }

        return changed;
    }
}
