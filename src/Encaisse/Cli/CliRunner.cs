using System.CommandLine;

namespace Encaisse.Cli;

/// <summary>Runs a verb's body and turns its outcome into the exit code and the stderr message.</summary>
public static class CliRunner
{
    public static void SetHandler(this Command command, Func<CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(new CliContext(parse), body, ct));

    public static async Task<int> RunAsync(CliContext context, Func<CliContext, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(context, ct);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("encaisse: " + e.Message);
            return ExitCodes.BadInput;
        }
        catch (CommandFailedException e)
        {
            await Console.Error.WriteLineAsync("encaisse: " + e.Message);
            return ExitCodes.Failure;
        }
        catch (Operations.OperationFailedException e)
        {
            await Console.Error.WriteLineAsync("encaisse: " + CliResults.Line(e.Error));
            return CliResults.ExitCode(e.Error.Kind);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("encaisse: cancelled");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Parses a yyyy-mm-dd option value or fails with a usage message naming the option.</summary>
    public static DateOnly? ParseDate(string? value, string optionName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{optionName}: '{value}' is not a date in the form yyyy-mm-dd.");
    }

    /// <summary>Parses an invariant decimal amount (10000.00) or fails with a usage message.</summary>
    public static decimal ParseAmount(string value, string optionName) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new UsageException($"{optionName}: '{value}' is not an amount such as 1234.56.");
}
