using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Risk.Storage;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TenantId, a.Key }).IsUnique();
        b.HasIndex(a => new { a.TenantId, a.Status, a.RaisedOn });
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Kind).HasMaxLength(50);
        b.Property(a => a.Key).HasMaxLength(120);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(15);
        b.Property(a => a.Message).HasMaxLength(500);
    }
}

internal sealed class UnbilledOrderConfiguration : IEntityTypeConfiguration<UnbilledOrder>
{
    public void Configure(EntityTypeBuilder<UnbilledOrder> b)
    {
        b.HasKey(o => o.Id);
        b.HasIndex(o => new { o.TenantId, o.Reference }).IsUnique();
        b.HasIndex(o => new { o.TenantId, o.CustomerId, o.Status });
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(o => o.Reference).HasMaxLength(100);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class BuyerLimitConfiguration : IEntityTypeConfiguration<BuyerLimit>
{
    public void Configure(EntityTypeBuilder<BuyerLimit> b)
    {
        b.HasKey(l => l.Id);
        b.HasIndex(l => new { l.TenantId, l.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.Insurer).HasMaxLength(100);
        b.Property(l => l.PolicyNumber).HasMaxLength(50);
        b.Property(l => l.Currency).HasMaxLength(3);
        b.Property(l => l.DecisionReference).HasMaxLength(100);
    }
}
