using System.Collections.Concurrent;

namespace Encaisse.Reporting;

/// <summary>
/// Values that read a large part of the ledger (portfolio figures, customer rankings), kept in the server process per key
/// so that a page does not compute them on every request (ADR 1550, 1580, 1562). A kept value younger than its keep time is
/// served as it is; an older one is served too while one refresh runs in the background; when there is none the
/// caller may use (first request, a new day), the request waits for the one computation every concurrent request
/// shares. The keep time is what <c>keepFor</c> gives for how long the computation took. A computation that fails is
/// not kept: the requests waiting for it see its error and the next request computes again.
/// </summary>
public sealed class KeptValues<TKey, TValue>(TimeProvider clock, Func<TimeSpan, TimeSpan> keepFor)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> entries = new();

    /// <param name="key">What the value is of (a tenant, a tenant and a sort...).</param>
    /// <param name="usable">Whether a kept value still answers the question (the same day, the same currency), however old.</param>
    /// <param name="compute">Computes a fresh value; it runs on its own (the request that started it may be over before it ends).</param>
    /// <param name="ct">Cancels the wait of this request, never the shared computation.</param>
    public async Task<TValue> GetAsync(TKey key, Func<TValue, bool> usable, Func<Task<TValue>> compute, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(usable);
        ArgumentNullException.ThrowIfNull(compute);
        var entry = entries.GetOrAdd(key, _ => new Entry());
        while (true)
        {
            Task<TValue> refresh;
            var own = false;
            lock (entry)
            {
                var current = entry.Value is { } v && usable(v) ? v : null;
                if (current is not null && clock.GetUtcNow() - entry.At < entry.Keep)
                {
                    return current;
                }

                if (entry.Refresh is { IsCompleted: false } running)
                {
                    refresh = running;
                }
                else
                {
                    refresh = entry.Refresh = RefreshAsync(entry, compute);
                    own = true;
                }

                if (current is not null)
                {
                    return current;
                }
            }

            // The refresh waited for may be another caller's, of a value this caller cannot use (the day before, when a
            // refresh started before midnight ends after it): then this caller starts its own.
            var value = await refresh.WaitAsync(ct);
            if (own || usable(value))
            {
                return value;
            }
        }
    }

    private Task<TValue> RefreshAsync(Entry entry, Func<Task<TValue>> compute) => Task.Run(async () =>
    {
        try
        {
            var started = clock.GetTimestamp();
            var value = await compute();
            var took = clock.GetElapsedTime(started);
            lock (entry)
            {
                entry.Value = value;
                entry.At = clock.GetUtcNow();
                entry.Keep = keepFor(took);
            }

            return value;
        }
        finally
        {
            lock (entry)
            {
                entry.Refresh = null;
            }
        }
    });

    private sealed class Entry
    {
        public TValue? Value { get; set; }

        /// <summary>When <see cref="Value"/> was computed.</summary>
        public DateTimeOffset At { get; set; }

        /// <summary>How long <see cref="Value"/> is served without a refresh.</summary>
        public TimeSpan Keep { get; set; }

        public Task<TValue>? Refresh { get; set; }
    }
}

/// <summary>How long a kept value is served without a refresh, from how long its computation took.</summary>
public static class KeepTimes
{
    /// <summary>
    /// <paramref name="factor"/> times what the computation took (so refreshing costs at most one part in <paramref name="factor"/>
    /// of the machine), at most <paramref name="longest"/>, and never less than <paramref name="shortest"/>.
    /// </summary>
    public static TimeSpan Proportional(TimeSpan took, int factor, TimeSpan shortest, TimeSpan longest)
    {
        var keep = took * factor < longest ? took * factor : longest;
        return keep > shortest ? keep : shortest;
    }
}
