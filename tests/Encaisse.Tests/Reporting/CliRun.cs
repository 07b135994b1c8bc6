namespace Encaisse.Tests.Reporting;

/// <summary>Runs the real executable's Main with captured stdout/stderr (serialised: Console is process-wide).</summary>
internal static class CliRun
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        await Gate.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var exit = await Program.Main(args);
            return (exit, WithoutHostLogs(stdout.ToString()), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Gate.Release();
        }
    }

    /// <summary>
    /// Console is process-wide: a test server started in parallel by another test logs its start-up lines
    /// ("info: Microsoft.Hosting.Lifetime" + an indented message) into the captured output. Drop them.
    /// </summary>
    private static string WithoutHostLogs(string output)
    {
        var kept = new List<string>();
        var inLog = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("info:", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal)
                || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                inLog = true;
                continue;
            }

            if (inLog && line.StartsWith("      ", StringComparison.Ordinal) && line.TrimStart() is { Length: > 0 } t && char.IsUpper(t[0]))
            {
                continue;
            }

            inLog = false;
            kept.Add(line);
        }

        return string.Join('\n', kept);
    }
}
