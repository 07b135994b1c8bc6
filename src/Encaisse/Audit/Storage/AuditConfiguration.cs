using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Audit.Storage;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Id);
        // No foreign key on purpose: an entry outlives the customer, key or template it describes.
        b.HasIndex(e => new { e.TenantId, e.CustomerId });
        b.HasIndex(e => new { e.TenantId, e.ObjectType, e.ObjectId });
        b.Property(e => e.ActorKind).HasMaxLength(20);
        b.Property(e => e.ActorId).HasMaxLength(200);
        b.Property(e => e.RemoteAddress).HasMaxLength(100);
        b.Property(e => e.ObjectType).HasMaxLength(60);
        b.Property(e => e.ObjectId).HasMaxLength(100);
        b.Property(e => e.ObjectRef).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
    }
}
