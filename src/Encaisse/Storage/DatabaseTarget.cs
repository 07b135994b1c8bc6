namespace Encaisse.Storage;

public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>
/// Which database to use, from <c>--db</c>, then <c>ENCAISSE_DB</c>, then the embedded default
/// (<c>./data/encaisse.db</c>). Accepts <c>postgres://user:pass@host:port/db</c>, a Npgsql connection string
/// (<c>Host=...</c>), <c>sqlite:PATH</c>, a SQLite connection string (<c>Data Source=...</c>) or a path ending in .db.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string EnvironmentVariable = "ENCAISSE_DB";
    public const string DefaultSqlitePath = "data/encaisse.db";

    public static DatabaseTarget Resolve(string? option) =>
        Parse(!string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static DatabaseTarget Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Sqlite(DefaultSqlitePath);
        }

        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(FromPostgresUrl(value));
        }

        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(value["sqlite:".Length..]);
        }

        if (value.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseTarget(DatabaseProvider.Sqlite, value);
        }

        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(value);
        }

        if (value.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(value);
        }

        throw new ArgumentException(
            $"Cannot tell which database '{Redact(value)}' means. Use postgres://user:pass@host/db, a Npgsql connection string (Host=...), sqlite:PATH or a path ending in .db.");
    }

    /// <summary>
    /// A PostgreSQL target. A server on this machine (every host <c>localhost</c>, a loopback address or a Unix socket
    /// directory) is reached without TLS unless the connection string names an SSL mode (ADR 1554): Npgsql's default
    /// ("prefer") encrypts whenever the server offers it, and on loopback that protects nothing while every page's reads
    /// pay for it (5 to 10 % of the requests a second measured at a million invoices). <c>SSL Mode=Require</c> (or
    /// <c>?sslmode=require</c> in a URL) keeps TLS.
    /// </summary>
    public static DatabaseTarget Postgres(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        string[] sslKeys = ["SSL Mode", "SslMode"]; // the builder's keys ignore case
        var hosts = (given.TryGetValue("Host", out var h) || given.TryGetValue("Server", out h)) && h is string text
            ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var local = hosts.Length > 0 && hosts.All(IsThisMachine);
        return new DatabaseTarget(DatabaseProvider.Postgres,
            local && !sslKeys.Any(given.ContainsKey) ? connectionString.TrimEnd(';') + ";SSL Mode=Disable" : connectionString);
    }

    /// <summary>A host (with or without its port) that names this machine: localhost, a loopback address, a Unix socket path.</summary>
    private static bool IsThisMachine(string host)
    {
        if (host.StartsWith('/') || host.StartsWith('@'))
        {
            return true;
        }

        var name = host.StartsWith('[') && host.IndexOf(']', StringComparison.Ordinal) is var close and > 0
            ? host[1..close]
            : host.Count(c => c == ':') == 1 ? host[..host.IndexOf(':', StringComparison.Ordinal)] : host;
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    public static DatabaseTarget Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new DatabaseTarget(DatabaseProvider.Sqlite, $"Data Source={full}");
    }

    /// <summary>A description safe to print: no password.</summary>
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? "SQLite " + ConnectionString.Replace("Data Source=", "", StringComparison.OrdinalIgnoreCase)
        : "PostgreSQL " + Redact(ConnectionString);

    private static string FromPostgresUrl(string url)
    {
        var uri = new Uri(url);
        var parts = new List<string> { $"Host={uri.Host}", $"Port={(uri.Port > 0 ? uri.Port : 5432)}" };
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            parts.Add($"Database={Uri.UnescapeDataString(database)}");
        }

        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
            if (userInfo.Length > 1)
            {
                parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2)
            {
                parts.Add($"{Uri.UnescapeDataString(kv[0])}={Uri.UnescapeDataString(kv[1])}");
            }
        }

        return string.Join(';', parts);
    }

    private static string Redact(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"(?i)(password=)[^;]*|(://[^:/@]+:)[^@]*@", m =>
            m.Groups[1].Success ? m.Groups[1].Value + "***" : m.Groups[2].Value + "***@");
}
