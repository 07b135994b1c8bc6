using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.EInvoicing.Storage;

internal sealed class EInvoiceConfiguration : IEntityTypeConfiguration<EInvoice>
{
    public void Configure(EntityTypeBuilder<EInvoice> b)
    {
        b.ToTable("einvoices");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.TenantId, e.SellerKey, e.Number }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.InvoiceId }).IsUnique();
        b.HasOne<Invoice>().WithMany().HasForeignKey(e => e.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.SellerKey).HasMaxLength(200);
        b.Property(e => e.Number).HasMaxLength(100);
        b.Property(e => e.Syntax).HasMaxLength(20);
        b.Property(e => e.Profile).HasMaxLength(100);
        b.Property(e => e.OperationCategory).HasMaxLength(20);
        b.Property(e => e.FileName).HasMaxLength(200);
        b.Property(e => e.ContentType).HasMaxLength(50);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.ImportedBy).HasMaxLength(100);
    }
}

internal sealed class EInvoiceStatusConfiguration : IEntityTypeConfiguration<EInvoiceStatus>
{
    public void Configure(EntityTypeBuilder<EInvoiceStatus> b)
    {
        b.ToTable("einvoice_statuses");
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.TenantId, s.Key }).IsUnique();
        b.HasIndex(s => new { s.TenantId, s.InvoiceId });
        b.HasIndex(s => new { s.TenantId, s.Direction, s.State });
        b.HasOne<EInvoice>().WithMany().HasForeignKey(s => s.EInvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Direction).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Key).HasMaxLength(200);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.ReasonCode).HasMaxLength(50);
        b.Property(s => s.Reason).HasMaxLength(1000);
        b.Property(s => s.Source).HasMaxLength(50);
        b.Property(s => s.LastError).HasMaxLength(1000);
        b.Property(s => s.PlatformId).HasMaxLength(200);
    }
}

internal sealed class EInvoiceSettingsConfiguration : IEntityTypeConfiguration<EInvoiceSettings>
{
    public void Configure(EntityTypeBuilder<EInvoiceSettings> b)
    {
        b.ToTable("einvoice_settings");
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.TenantId).IsUnique();
        b.Property(s => s.CashedFor).HasMaxLength(20);
        b.Property(s => s.PlatformUrl).HasMaxLength(500);
    }
}
