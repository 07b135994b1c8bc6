using System.Globalization;
using Encaisse.Cli;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Storage;

namespace Encaisse.Legal.Cli;

/// <summary>What the legal verbs share: the rate table (database only when one is named) and input parsing.</summary>
internal static class LegalCli
{
    /// <summary>True when --db or ENCAISSE_DB names a database; pure computations then use its overrides.</summary>
    public static bool DatabaseNamed(CliContext ctx) =>
        !string.IsNullOrWhiteSpace(ctx.Parse.GetValue(GlobalOptions.Db)) ||
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable));

    public static async Task<RateTable> RatesAsync(CliContext ctx, CancellationToken ct)
    {
        if (!DatabaseNamed(ctx))
        {
            return RateTable.Embedded;
        }

        var factory = await ctx.DatabaseAsync(ct);
        await using var db = factory.Create();
        return await ReferenceRateStore.LoadAsync(db, ct);
    }

    public static DateOnly RequiredDate(string? value, string option) =>
        CliRunner.ParseDate(value, option) ?? throw new UsageException($"{option} is required (yyyy-mm-dd).");

    /// <summary>Parses "2025-07-01=4000.00,2025-07-08=500" into partial payments.</summary>
    public static IReadOnlyList<PartialPayment> Payments(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var payments = new List<PartialPayment>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new UsageException($"--payments: '{item}' should be DATE=AMOUNT, e.g. 2025-07-01=4000.00.");
            }

            payments.Add(new PartialPayment(RequiredDate(parts[0], "--payments"), CliRunner.ParseAmount(parts[1], "--payments")));
        }

        return payments;
    }

    public static decimal? Rate(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? null
        : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate) ? rate
        : throw new UsageException($"{option}: '{value}' is not a percentage such as 12.5.");
}
