using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Dunning.Scheduling;

/// <summary>Where a daily run stands. A resumed run starts again at its phase; every phase is idempotent.</summary>
public enum DailyRunPhase
{
    /// <summary>Company registry and BODACC checks (time-boxed; never delays sending).</summary>
    Registry = 0,
    /// <summary>Promise, payment-plan and prescription checks; the e-invoice lifecycle exchange.</summary>
    Promises = 1,
    /// <summary>Snapshot, planner, outbox rows stored (unique keys), pending rows no longer due cancelled.</summary>
    Planning = 2,
    /// <summary>Interrupted claims recovered, then every due outbox row claimed one at a time and sent.</summary>
    Sending = 3,
    Done = 4,
    /// <summary>Left unfinished on an earlier day; the next day's run covers it (it plans as of its own date).</summary>
    Superseded = 5,
}

/// <summary>
/// The daily dunning run of one tenant and one business date, as a resumable job (docs/adr/0352): one row per
/// (tenant, date), claimed with a lease that the working node renews; a node that dies stops renewing, the lease lapses
/// and another node (or the same one restarted) claims the row and resumes at <see cref="Phase"/>.
/// </summary>
public sealed class DailyRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>The business date the run plans as of (tenant time zone).</summary>
    public DateOnly RunOn { get; set; }
    /// <summary>The first day this run stands for: the day after the last completed run (days missed are caught up).</summary>
    public DateOnly CoversFrom { get; set; }
    public DailyRunPhase Phase { get; set; }
    /// <summary>The runner holding the lease (machine:pid:random), null when released.</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>Until when the lease holds unless renewed; another node may claim the run after it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    /// <summary>How many times the run was claimed (1 + resumes); also the version the claim compares and sets.</summary>
    public int Claims { get; set; }
    /// <summary>Every runner that held the run, comma-separated: their unfinished sends are recovered on resume.</summary>
    public string Owners { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The run report so far (JSON, <see cref="DailyRunReport"/>).</summary>
    public string? Report { get; set; }
    public string? LastError { get; set; }

    public IReadOnlyList<string> OwnerList => Owners.Length == 0 ? [] : Owners.Split(',');
}

internal sealed class DailyRunConfiguration : IEntityTypeConfiguration<DailyRun>
{
    public void Configure(EntityTypeBuilder<DailyRun> b)
    {
        b.ToTable("dunning_daily_run");
        b.HasKey(r => r.Id);
        // One run per tenant and business date, whatever the number of nodes.
        b.HasIndex(r => new { r.TenantId, r.RunOn }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Phase).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.LeaseOwner).HasMaxLength(100);
        b.Property(r => r.Owners).HasMaxLength(2000);
        b.Property(r => r.LastError).HasMaxLength(2000);
        b.Ignore(r => r.OwnerList);
    }
}
