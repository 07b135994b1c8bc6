using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal.Storage;
using Encaisse.Operations;
using Encaisse.Storage;

namespace Encaisse.Legal.Rates;

/// <summary>One half-year in an update report.</summary>
public sealed record RateUpdateLine(string HalfYear, string Outcome, decimal? Ecb, decimal? LegalPersonal, decimal? LegalOther, string? Origin, string? Reason);

/// <summary>What <c>encaisse rates update</c> (or the daily rates job) did.</summary>
public sealed record RateUpdateReport(DateOnly Today, string? From, string? To, IReadOnlyList<RateUpdateLine> HalfYears)
{
    public IEnumerable<RateUpdateLine> Added => HalfYears.Where(h => h.Outcome == "added");

    public IEnumerable<RateUpdateLine> Pending => HalfYears.Where(h => h.Outcome == "pending");

    public IEnumerable<RateUpdateLine> KeptOverrides => HalfYears.Where(h => h.Outcome == "keptOverride");

    /// <summary>True when every half-year up to today's has its own rates.</summary>
    public bool UpToDate => !Pending.Any();
}

/// <summary>
/// Completes the reference rates from the sources: the half-years after the latest known one up to today's (or from
/// a given half-year) are looked up — the ECB rate in force on their first day (ECB Data Portal) and the legal interest
/// rates (CSV) — and stored as <c>fetched</c> with their origin and date when all three rates are known. Rows already
/// there are never replaced: a rate a person set (<c>rates set</c>) that the sources contradict is kept and reported.
/// A source that fails makes the whole update fail with its reason and nothing stored; computations then go on with the
/// latest known rates, provisionally (<see cref="RateTable.ForComputation(HalfYear)"/>).
/// </summary>
public static class RateUpdate
{
    /// <summary>The time zone of French legal dates (half-years begin at midnight in Paris).</summary>
    public const string LegalTimeZone = "Europe/Paris";

    public static async Task<Result<RateUpdateReport>> RunAsync(EncaisseDb db, RateSourceClient client, TimeProvider clock, HalfYear? from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(clock);
        var today = BusinessCalendar.Today(clock, LegalTimeZone);
        if (from is { } first && first > HalfYear.Of(today))
        {
            return OperationError.InvalidField("from", first.ToString(), "rates.fromInFuture", ("half", first.ToString()), ("today", today));
        }

        var table = await ReferenceRateStore.LoadAsync(db, ct);
        var wanted = RateUpdatePlan.Wanted(table, today, from);
        if (wanted.Count == 0)
        {
            return Result.Ok(new RateUpdateReport(today, null, null, []));
        }

        // Ten years back finds the rate in force even after a long plateau (0.00 % from March 2016 to July 2022).
        var ecb = await client.EcbAsync(wanted[0].Start.AddYears(-10), ct);
        if (!ecb.IsOk)
        {
            return Result<RateUpdateReport>.Fail(ecb.Error!);
        }

        var legal = await client.LegalAsync(ct);
        if (!legal.IsOk)
        {
            return Result<RateUpdateReport>.Fail(legal.Error!);
        }

        var now = clock.GetUtcNow();
        var lines = new List<RateUpdateLine>();
        foreach (var decision in RateUpdatePlan.Decide(table, wanted, ecb.Value, legal.Value))
        {
            var rate = decision.FromSources;
            switch (decision.Outcome)
            {
                case RateUpdateOutcome.Add:
                    var origin = string.Create(CultureInfo.InvariantCulture,
                        $"ECB {client.Options.EcbUrl.Host} MRO observation of {decision.EcbSince:yyyy-MM-dd}; legal rates {client.Options.LegalUrl.Host}; fetched {now:yyyy-MM-dd}");
                    var added = await ReferenceRateStore.AddFetchedAsync(db, rate!, origin, now, ct);
                    lines.Add(new RateUpdateLine(decision.HalfYear.ToString(), added ? "added" : "unchanged", rate!.EcbRate, rate.LegalRatePersonal, rate.LegalRateOther,
                        origin, added ? null : "stored meanwhile by another run"));
                    break;
                case RateUpdateOutcome.KeptOverride:
                    lines.Add(new RateUpdateLine(decision.HalfYear.ToString(), "keptOverride", decision.Stored!.EcbRate, decision.Stored.LegalRatePersonal,
                        decision.Stored.LegalRateOther, "rates set", decision.Reason));
                    break;
                case RateUpdateOutcome.Pending:
                    lines.Add(new RateUpdateLine(decision.HalfYear.ToString(), "pending", null, null, null, null, decision.Reason));
                    break;
                default:
                    var stored = decision.Stored;
                    lines.Add(new RateUpdateLine(decision.HalfYear.ToString(), "unchanged", stored?.EcbRate, stored?.LegalRatePersonal, stored?.LegalRateOther,
                        stored?.Source, decision.Reason));
                    break;
            }
        }

        return Result.Ok(new RateUpdateReport(today, wanted[0].ToString(), wanted[^1].ToString(), lines));
    }
}
