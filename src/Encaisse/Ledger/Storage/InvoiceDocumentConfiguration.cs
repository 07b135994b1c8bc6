using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Ledger.Storage;

internal sealed class InvoiceDocumentConfiguration : IEntityTypeConfiguration<InvoiceDocument>
{
    public void Configure(EntityTypeBuilder<InvoiceDocument> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.InvoiceId }).IsUnique();
        b.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.FileName).HasMaxLength(200);
        b.Property(d => d.ContentType).HasMaxLength(50);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Property(d => d.UploadedBy).HasMaxLength(100);
    }
}
