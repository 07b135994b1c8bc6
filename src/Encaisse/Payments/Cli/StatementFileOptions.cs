using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments.Cli;

/// <summary>The FILE argument and --format option shared by the bank verbs, and the one way they read a statement file.</summary>
internal static class StatementFileOptions
{
    public static Argument<string> File() => new("FILE") { Description = "Bank statement file (CAMT.053, CFONB 120, MT940 or OFX)" };

    public static Option<string> Format() => new("--format")
    {
        Description = "auto|camt053|cfonb120|mt940|ofx (default auto: detected from the content)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<bool> Strict() => new("--strict")
    {
        Description = "Refuse statements whose opening balance + movements differ from the closing balance (default: read them and flag them)",
    };

    /// <summary>Kept so that scripts written before flagged statements still run: reading such statements is now the default.</summary>
    public static Option<bool> NoBalanceCheck() => new("--no-balance-check")
    {
        Description = "Accepted for compatibility: statements whose balances do not add up are read and flagged by default",
        Hidden = true,
    };

    /// <summary>--strict and --no-balance-check contradict each other.</summary>
    public static bool StrictOf(bool strict, bool noBalanceCheck) =>
        strict && noBalanceCheck ? throw new UsageException("--strict and --no-balance-check contradict each other: give one.") : strict;

    /// <summary>Reads the file; a missing, malformed, cut or (in strict mode) unbalanced file is bad input (exit 2).</summary>
    public static BankStatementFile Read(string path, string? formatName, bool strict = false)
    {
        BankStatementFormat? format;
        try
        {
            format = BankStatementReader.ParseFormatName(formatName);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--format: " + e.Message);
        }

        if (!System.IO.File.Exists(path))
        {
            throw new UsageException($"{path}: no such file.");
        }

        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return BankStatementReader.Read(stream, format, strict);
        }
        catch (StatementFormatException e)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }
}
