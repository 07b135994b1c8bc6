using System.Diagnostics;

namespace Encaisse.Cli;

/// <summary>
/// With <c>ENCAISSE_TRACE_STARTUP=1</c>, writes on stderr how long the process has run and how much CPU it has used at
/// named points of a verb (CLI start-up, issue 11). CPU time is what a busy machine does not distort.
/// </summary>
public static class StartupTrace
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("ENCAISSE_TRACE_STARTUP") == "1";

    public static void Mark(string point)
    {
        if (!Enabled)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var wall = (DateTime.Now - process.StartTime).TotalMilliseconds;
        Console.Error.WriteLine($"startup: {point,-28} wall {wall,6:F0} ms  cpu {process.TotalProcessorTime.TotalMilliseconds,6:F0} ms  jit {System.Runtime.JitInfo.GetCompiledMethodCount(),5} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,5:F0} ms");
    }
}
