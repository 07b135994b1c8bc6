using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;

namespace Encaisse.Dunning.Timeline;

/// <summary>What the collections verbs share: the --by option, the scope, error mapping, parsing and printing.</summary>
internal static class CollectionsCli
{
    /// <summary>Who acts (collector login); recorded in the timeline. Default: "cli".</summary>
    public static Option<string?> By() => new("--by") { Description = "Login of the person acting (recorded in the timeline); default 'cli'", Recursive = true };

    public static async Task<int> RunAsync(CliContext ctx, Option<string?> by, CancellationToken ct, Func<CollectionsScope, Task<object>> body, Action<object> print)
    {
        var tenant = await ctx.TenantAsync(ct);
        await using var db = await ctx.DbForAsync(tenant, ct);
        var scope = new CollectionsScope(db, tenant, ctx.Clock, ctx.Parse.GetValue(by) ?? "cli");
        // Expected failures (OperationFailedException) are mapped to the exit code by CliRunner, like every verb's.
        var result = await body(scope);

        if (ctx.Json)
        {
            CliJson.Write(result);
        }
        else
        {
            print(result);
        }

        return ExitCodes.Success;
    }

    public static Guid ParseId(string? value, string what) =>
        Guid.TryParse(value, out var id) ? id : throw new UsageException($"{what}: '{value}' is not an id (as printed by the list commands).");

    public static T? ParseEnum<T>(string? value, string option)
        where T : struct, Enum
    {
        try
        {
            return CollectionsApi.ParseEnum<T>(value, option);
        }
        catch (Operations.OperationFailedException e)
        {
            throw new UsageException(option + ": " + CliResults.Message(e.Error));
        }
    }

    public static DateOnly RequiredDate(string? value, string option) =>
        CliRunner.ParseDate(value, option) ?? throw new UsageException($"{option} is required (yyyy-mm-dd).");

    public static string Amount(long minor, string currency) => Currencies.FormatInvariant(minor, currency) + " " + currency;

    public static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    public static void Line(string text) => Console.Out.WriteLine(text);
}
