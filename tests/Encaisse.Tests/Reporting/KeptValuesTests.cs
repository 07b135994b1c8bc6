using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>
/// <see cref="KeptValues{TKey, TValue}"/> on its own: a caller never gets a value it cannot use because another caller's
/// refresh was running (the day before, when a refresh started before midnight ends after it), and a failed computation is
/// not kept.
/// </summary>
public sealed class KeptValuesTests
{
    [Fact]
    public async Task A_caller_waiting_for_another_callers_refresh_of_a_value_it_cannot_use_computes_its_own()
    {
        var clock = FakeClock.At(new DateOnly(2026, 12, 3));
        var kept = new KeptValues<string, string>(clock, _ => TimeSpan.FromMinutes(1));
        var gate = new TaskCompletionSource();
        var computed = new List<string>();

        var yesterday = kept.GetAsync("tenant", v => v == "2026-12-03", async () =>
        {
            await gate.Task;
            lock (computed)
            {
                computed.Add("2026-12-03");
            }

            return "2026-12-03";
        }, default);
        var today = kept.GetAsync("tenant", v => v == "2026-12-04", () =>
        {
            lock (computed)
            {
                computed.Add("2026-12-04");
            }

            return Task.FromResult("2026-12-04");
        }, default);

        gate.SetResult();
        (await yesterday).ShouldBe("2026-12-03");
        (await today).ShouldBe("2026-12-04");
        computed.ShouldBe(["2026-12-03", "2026-12-04"]);

        // The value of today is the one kept now: served without a computation.
        (await kept.GetAsync("tenant", v => v == "2026-12-04", () => throw new InvalidOperationException("not computed again"), default)).ShouldBe("2026-12-04");
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept_and_the_next_request_computes_again()
    {
        var kept = new KeptValues<int, string>(FakeClock.At(new DateOnly(2026, 12, 4)), _ => TimeSpan.FromMinutes(1));
        await Should.ThrowAsync<InvalidOperationException>(() => kept.GetAsync(1, _ => true, () => throw new InvalidOperationException("database down"), default));
        (await kept.GetAsync(1, _ => true, () => Task.FromResult("figures"), default)).ShouldBe("figures");
    }

    [Fact]
    public void Keep_times_are_proportional_to_the_computation_within_their_bounds()
    {
        var (shortest, longest) = (TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(2));
        KeepTimes.Proportional(TimeSpan.FromMilliseconds(100), 20, shortest, longest).ShouldBe(shortest);
        KeepTimes.Proportional(TimeSpan.FromSeconds(3), 20, shortest, longest).ShouldBe(TimeSpan.FromSeconds(60));
        KeepTimes.Proportional(TimeSpan.FromSeconds(30), 20, shortest, longest).ShouldBe(longest);
        // A shortest keep above the longest wins (a max age longer than ten minutes).
        KeepTimes.Proportional(TimeSpan.FromSeconds(30), 20, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10)).ShouldBe(TimeSpan.FromMinutes(15));
    }
}
