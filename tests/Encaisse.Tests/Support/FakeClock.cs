namespace Encaisse.Tests.Support;

/// <summary>A clock the test moves by hand (day by day through a dunning timeline, for instance).</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Noon in Paris on <paramref name="date"/>, so that "today" is that date in Europe/Paris.</summary>
    public static FakeClock At(DateOnly date) => new(new DateTimeOffset(date.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void AdvanceDays(int days) => now = now.AddDays(days);

    public void SetDate(DateOnly date) => now = new DateTimeOffset(date.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
}
