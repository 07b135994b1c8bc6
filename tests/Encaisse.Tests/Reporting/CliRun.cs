using Encaisse.Tests.Support;

namespace Encaisse.Tests.Reporting;

/// <summary>Runs the real executable's Main with its console captured (see <see cref="ConsoleCapture"/>).</summary>
internal static class CliRun
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => ConsoleCapture.RunCliAsync(args);
}
