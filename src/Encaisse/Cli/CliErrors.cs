namespace Encaisse.Cli;

/// <summary>Bad input or usage: the command prints the message and exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The command ran but failed for a reason the user can act on: exit code 1, message on stderr.</summary>
public sealed class CommandFailedException(string message) : Exception(message);

/// <summary>Exit codes shared by every verb (DESIGN.md: 0 success, 1 failure, 2 bad input or usage).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
