namespace Encaisse.Ledger;

/// <summary>"Today" for a tenant: the injected clock's instant seen in the tenant's time zone.</summary>
public static class BusinessCalendar
{
    public static DateOnly Today(TimeProvider clock, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        return DateOnly.FromDateTime(local.DateTime);
    }
}
