using Encaisse.Localization;
using Encaisse.Operations;

namespace Encaisse.Cli;

/// <summary>
/// The one mapping of an operation's error to the CLI: the catalogue message on stderr (in English, the language of
/// the command line, followed by the error's code in brackets) and exit code 2 for bad input (invalid, not found) or 1 for a failure (conflict, failed). A verb
/// ends with an operation's error by <c>result.OrThrow()</c>; <see cref="CliRunner"/> prints it.
/// </summary>
public static class CliResults
{
    public static int ExitCode(ErrorKind kind) => kind is ErrorKind.Invalid or ErrorKind.NotFound ? ExitCodes.BadInput : ExitCodes.Failure;

    public static string Message(OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Message(Catalogue.English);
    }

    /// <summary>The stderr line: the English text and, for scripts, the code in brackets ("… [legal.rate.belowFloor]").</summary>
    public static string Line(OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = Message(error);
        return message == error.Code ? message : $"{message} [{error.Code}]";
    }
}
