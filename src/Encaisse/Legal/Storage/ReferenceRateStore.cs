using Encaisse.Legal.Rates;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal.Storage;

/// <summary>The stored reference rates: seeded from the embedded file, completed or corrected by overrides.</summary>
public static class ReferenceRateStore
{
    /// <summary>
    /// Inserts the embedded half-years that are missing and refreshes the rows that still come from the embedded
    /// file (a newer release may correct them); overrides are left alone. Idempotent; runs after every migration.
    /// </summary>
    public static async Task SeedAsync(EncaisseDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var stored = await db.Set<ReferenceRateRow>().ToDictionaryAsync(r => r.HalfYear, ct);
        foreach (var rate in RateTable.Embedded.All)
        {
            var key = rate.HalfYear.ToString();
            if (!stored.TryGetValue(key, out var row))
            {
                db.Add(new ReferenceRateRow
                {
                    HalfYear = key,
                    EcbRate = rate.EcbRate,
                    LegalRatePersonal = rate.LegalRatePersonal,
                    LegalRateOther = rate.LegalRateOther,
                    Source = ReferenceRateRow.Embedded,
                    UpdatedAt = now,
                });
            }
            else if (row.Source == ReferenceRateRow.Embedded &&
                     (row.EcbRate != rate.EcbRate || row.LegalRatePersonal != rate.LegalRatePersonal || row.LegalRateOther != rate.LegalRateOther))
            {
                row.EcbRate = rate.EcbRate;
                row.LegalRatePersonal = rate.LegalRatePersonal;
                row.LegalRateOther = rate.LegalRateOther;
                row.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The effective table: the embedded file with every stored row on top of it.</summary>
    public static async Task<RateTable> LoadAsync(EncaisseDb db, CancellationToken ct = default)
    {
        var rows = await db.Set<ReferenceRateRow>().AsNoTracking().ToListAsync(ct);
        return RateTable.Embedded.With(rows.Select(r => r.ToRate()));
    }

    /// <summary>Adds or replaces the rates of one half-year as an override.</summary>
    public static async Task<ReferenceRate> SetAsync(EncaisseDb db, ReferenceRate rate, DateTimeOffset now, CancellationToken ct = default)
    {
        if (Validate(rate) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var key = rate.HalfYear.ToString();
        var row = await db.Set<ReferenceRateRow>().SingleOrDefaultAsync(r => r.HalfYear == key, ct);
        if (row is null)
        {
            row = new ReferenceRateRow { HalfYear = key };
            db.Add(row);
        }

        row.EcbRate = rate.EcbRate;
        row.LegalRatePersonal = rate.LegalRatePersonal;
        row.LegalRateOther = rate.LegalRateOther;
        row.Source = ReferenceRateRow.Override;
        row.Origin = "rates set";
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return row.ToRate();
    }

    /// <summary>
    /// Stores a half-year read from the rate sources (<see cref="ReferenceRateRow.Fetched"/>), only when no row holds it
    /// yet: a fetched rate never replaces an embedded one nor one a person set. False when a row was there already.
    /// </summary>
    public static async Task<bool> AddFetchedAsync(EncaisseDb db, ReferenceRate rate, string origin, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rate);
        var key = rate.HalfYear.ToString();
        if (await db.Set<ReferenceRateRow>().AnyAsync(r => r.HalfYear == key, ct))
        {
            return false;
        }

        var row = new ReferenceRateRow
        {
            HalfYear = key,
            EcbRate = rate.EcbRate,
            LegalRatePersonal = rate.LegalRatePersonal,
            LegalRateOther = rate.LegalRateOther,
            Source = ReferenceRateRow.Fetched,
            Origin = origin.Length <= 500 ? origin : origin[..500],
            UpdatedAt = now,
        };
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node stored the same half-year at the same moment: its row stands.
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>The stored rows by half-year (source, origin and date of each), for reports.</summary>
    public static async Task<Dictionary<string, ReferenceRateRow>> RowsAsync(EncaisseDb db, CancellationToken ct = default) =>
        await db.Set<ReferenceRateRow>().AsNoTracking().ToDictionaryAsync(r => r.HalfYear, ct);

    /// <summary>A readable reason when a rate is implausible (typing 215 for 2.15 %), else null.</summary>
    public static string? Validate(ReferenceRate rate) =>
        rate.EcbRate is < -1m or > 20m ? "The ECB rate is a percentage between -1 and 20 (e.g. 2.15)."
        : rate.LegalRatePersonal is < 0m or > 30m || rate.LegalRateOther is < 0m or > 30m ? "Legal interest rates are percentages between 0 and 30 (e.g. 6.67)."
        : null;
}
