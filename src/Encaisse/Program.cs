using System.CommandLine;
using Encaisse.Cli;

namespace Encaisse;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        StartupTrace.Mark("main");
        var root = CommandTree.Build();
        var parse = root.Parse(args);
        StartupTrace.Mark("parsed");
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("encaisse: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Try 'encaisse --help'.");
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync();
    }

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
