using System.Diagnostics;

namespace Encaisse.Tests.Support;

/// <summary>Result of one run of the encaisse executable.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the real <c>encaisse</c> executable (copied next to the tests) as a child process, the way a user does:
/// no shared console between parallel tests, real exit codes.
/// </summary>
public static class CliProcess
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(null, args);

    public static async Task<CliResult> RunAsync(IDictionary<string, string>? environment, params string[] args) =>
        await RunWithInputAsync(null, environment, args);

    /// <summary>Runs the executable with <paramref name="input"/> on its standard input (secrets read from stdin).</summary>
    public static async Task<CliResult> RunWithInputAsync(string? input, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "encaisse.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ENCAISSE_DB");
        start.Environment.Remove("ENCAISSE_TENANT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The --db value for a test database.</summary>
    public static string DbArgument(TestDatabase database) => database.Target.ConnectionString;
}
