using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Risk.Storage;

internal sealed class InsurancePolicyConfiguration : IEntityTypeConfiguration<InsurancePolicy>
{
    public void Configure(EntityTypeBuilder<InsurancePolicy> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => p.TenantId).IsUnique();
        b.Property(p => p.Insurer).HasMaxLength(100);
        b.Property(p => p.PolicyNumber).HasMaxLength(50);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.IndemnityPercent).HasPrecision(5, 2);
    }
}

internal sealed class InsuranceDeclarationConfiguration : IEntityTypeConfiguration<InsuranceDeclaration>
{
    public void Configure(EntityTypeBuilder<InsuranceDeclaration> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.InvoiceId }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.DeclaredBy).HasMaxLength(100);
    }
}
