using Encaisse.Legal.Storage;
using Encaisse.Operations;
using Encaisse.Storage;

namespace Encaisse.Legal.Rates;

/// <summary>
/// The daily look for new reference rates inside <c>encaisse serve</c>, apart from the dunning job: every six hours,
/// when today's half-year (Paris time) has no rates of its own — the computations use the latest known ones,
/// provisionally — it runs <see cref="RateUpdate"/> once. Nothing is asked of the sources while the table is complete,
/// so they are called a few times a year. Rates are global, so tenants do not matter; two nodes may both look: a row is
/// only ever inserted once (the second insert is dropped). A failure is logged with its reason and retried at the next
/// tick; the table stays as it was. <c>ENCAISSE_RATES_UPDATE=off</c> turns it off (a server without internet access).
/// </summary>
internal sealed class RatesUpdateJob(DatabaseFactory factory, TimeProvider clock, ILogger<RatesUpdateJob> log)
    : Operations.PeriodicJob(clock, log)
{

    /// <summary>Set when the environment turns the job off.</summary>
    public static bool Disabled => string.Equals(Environment.GetEnvironmentVariable("ENCAISSE_RATES_UPDATE"), "off", StringComparison.OrdinalIgnoreCase);

    internal RateSourceOptions Options { get; init; } = RateSourceOptions.FromEnvironment();

    protected override TimeSpan Every => TimeSpan.FromHours(6);

    protected override string PassName => "Reference rates update";

    protected override Task PassAsync(CancellationToken ct) => RunOnceAsync(ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Disabled)
        {
            Log.LogInformation("Reference rates update is off (ENCAISSE_RATES_UPDATE=off)");
            return Task.CompletedTask;
        }

        return base.ExecuteAsync(stoppingToken);
    }

    /// <summary>One look: null when today's half-year has its rates already (nothing fetched), else the update's result.</summary>
    internal async Task<Result<RateUpdateReport>?> RunOnceAsync(CancellationToken ct)
    {
        await using var db = factory.Create();
        var table = await ReferenceRateStore.LoadAsync(db, ct);
        var today = Ledger.BusinessCalendar.Today(Clock, RateUpdate.LegalTimeZone);
        if (!table.IsProvisional(Rates.HalfYear.Of(today)))
        {
            return null;
        }

        using var client = new RateSourceClient(Options);
        var result = await RateUpdate.RunAsync(db, client, Clock, null, ct);
        if (!result.IsOk)
        {
            Log.LogWarning("Reference rates update: {Reason}", result.Error!.Message("en"));
        }
        else
        {
            foreach (var line in result.Value.HalfYears)
            {
                Log.LogInformation("Reference rates update: {HalfYear} {Outcome} {Reason}", line.HalfYear, line.Outcome, line.Reason);
            }
        }

        return result;
    }
}
