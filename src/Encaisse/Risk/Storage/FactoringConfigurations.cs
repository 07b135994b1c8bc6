using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Risk.Storage;

internal sealed class FactorConfiguration : IEntityTypeConfiguration<Factor>
{
    public void Configure(EntityTypeBuilder<Factor> b)
    {
        b.HasKey(f => f.Id);
        b.HasIndex(f => new { f.TenantId, f.Name }).IsUnique();
        b.Property(f => f.Name).HasMaxLength(100);
        b.Property(f => f.ContractNumber).HasMaxLength(100);
        b.Property(f => f.Iban).HasMaxLength(34);
        b.Property(f => f.Bic).HasMaxLength(11);
        b.Property(f => f.Mode).HasConversion<string>().HasMaxLength(15);
    }
}

internal sealed class FactoringAssignmentConfiguration : IEntityTypeConfiguration<FactoringAssignment>
{
    public void Configure(EntityTypeBuilder<FactoringAssignment> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TenantId, a.InvoiceId }).IsUnique();
        b.HasIndex(a => new { a.TenantId, a.FactorId, a.RemittanceId });
        b.HasOne<Invoice>().WithMany().HasForeignKey(a => a.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Factor>().WithMany().HasForeignKey(a => a.FactorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<FactoringRemittance>().WithMany().HasForeignKey(a => a.RemittanceId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.AssignedBy).HasMaxLength(100);
    }
}

internal sealed class FactoringRemittanceConfiguration : IEntityTypeConfiguration<FactoringRemittance>
{
    public void Configure(EntityTypeBuilder<FactoringRemittance> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.TenantId, r.FactorId, r.Sequence }).IsUnique();
        b.HasOne<Factor>().WithMany().HasForeignKey(r => r.FactorId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.CreatedBy).HasMaxLength(100);
    }
}

internal sealed class FactoringTransferConfiguration : IEntityTypeConfiguration<FactoringTransfer>
{
    public void Configure(EntityTypeBuilder<FactoringTransfer> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.TenantId, t.InvoiceId });
        b.HasOne<Invoice>().WithMany().HasForeignKey(t => t.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Factor>().WithMany().HasForeignKey(t => t.FactorId).OnDelete(DeleteBehavior.Restrict);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.Reference).HasMaxLength(100);
        b.Property(t => t.RecordedBy).HasMaxLength(100);
    }
}

internal sealed class FactoringDeductionConfiguration : IEntityTypeConfiguration<FactoringDeduction>
{
    public void Configure(EntityTypeBuilder<FactoringDeduction> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.InvoiceId, d.CreditNoteId });
        b.HasOne<FactoringRemittance>().WithMany().HasForeignKey(d => d.RemittanceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FactoringRepurchaseConfiguration : IEntityTypeConfiguration<FactoringRepurchase>
{
    public void Configure(EntityTypeBuilder<FactoringRepurchase> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.TenantId, r.InvoiceId });
        b.HasIndex(r => new { r.TenantId, r.RemittanceId });
        b.HasOne<Invoice>().WithMany().HasForeignKey(r => r.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Factor>().WithMany().HasForeignKey(r => r.FactorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<FactoringRemittance>().WithMany().HasForeignKey(r => r.RemittanceId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.AssignedBy).HasMaxLength(100);
        b.Property(r => r.Reference).HasMaxLength(100);
        b.Property(r => r.RecordedBy).HasMaxLength(100);
    }
}
