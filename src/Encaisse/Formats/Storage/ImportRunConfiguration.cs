using Encaisse.Formats.Runs;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Formats.Storage;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.TenantId, r.Id });
        b.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.FileName).HasMaxLength(260);
        b.Property(r => r.StartedBy).HasMaxLength(100);
        b.Property(r => r.Failure).HasMaxLength(1000);
    }
}
