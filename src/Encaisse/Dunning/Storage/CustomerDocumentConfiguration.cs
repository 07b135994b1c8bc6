using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Dunning.Storage;

internal sealed class CustomerDocumentConfiguration : IEntityTypeConfiguration<CustomerDocument>
{
    public void Configure(EntityTypeBuilder<CustomerDocument> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(d => d.FileName).HasMaxLength(200);
        b.Property(d => d.ContentHash).HasMaxLength(64);
        b.Property(d => d.SentTo).HasMaxLength(320);
        b.Property(d => d.Outcome).HasMaxLength(1000);
        b.Property(d => d.CreatedBy).HasMaxLength(100);
    }
}
