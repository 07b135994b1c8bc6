using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Tasks;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Dunning.Storage;

internal sealed class DisputeEventConfiguration : IEntityTypeConfiguration<DisputeEvent>
{
    public void Configure(EntityTypeBuilder<DisputeEvent> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.TenantId, e.DisputeId });
        b.HasOne<Dispute>().WithMany().HasForeignKey(e => e.DisputeId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Actor).HasMaxLength(100);
        b.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Comment).HasMaxLength(2000);
    }
}

internal sealed class CustomerNoteConfiguration : IEntityTypeConfiguration<CustomerNote>
{
    public void Configure(EntityTypeBuilder<CustomerNote> b)
    {
        b.HasKey(n => n.Id);
        b.HasIndex(n => new { n.TenantId, n.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(n => n.Text).HasMaxLength(4000);
        b.Property(n => n.Author).HasMaxLength(100);
    }
}

internal sealed class CollectionsPolicyConfiguration : IEntityTypeConfiguration<CollectionsPolicy>
{
    public void Configure(EntityTypeBuilder<CollectionsPolicy> b)
    {
        b.HasKey(p => p.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<CollectionsPolicy>(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
