namespace Encaisse.Tests.Legal;

/// <summary>Runs the real executable's Main with its console captured (see <see cref="Support.ConsoleCapture"/>).</summary>
internal static class LegalCli
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => Support.ConsoleCapture.RunCliAsync(args);
}

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
