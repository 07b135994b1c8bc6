using System.CommandLine;

namespace Encaisse.Cli;

/// <summary>Options every verb accepts (declared once on the root command, recursive).</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "Database: postgres://user:pass@host/db, a Npgsql connection string, sqlite:PATH or PATH.db (default: ENCAISSE_DB, then ./data/encaisse.db)",
        Recursive = true,
    };

    public static readonly Option<string?> Tenant = new("--tenant")
    {
        Description = "Tenant code (default: ENCAISSE_TENANT, then the only tenant in the database)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON",
        Recursive = true,
    };
}
