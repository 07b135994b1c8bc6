using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Portal.Storage;

internal sealed class PortalLinkConfiguration : IEntityTypeConfiguration<PortalLink>
{
    public void Configure(EntityTypeBuilder<PortalLink> b)
    {
        b.HasKey(l => l.Id);
        b.HasIndex(l => l.TokenHash).IsUnique();
        b.HasIndex(l => new { l.TenantId, l.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.TokenHash).HasMaxLength(64);
        b.Property(l => l.CreatedBy).HasMaxLength(100);
    }
}

/// <summary>A file the customer attached to a dispute from the portal, kept in the database (small files only).</summary>
public sealed class PortalAttachment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? DisputeId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PortalAttachmentConfiguration : IEntityTypeConfiguration<PortalAttachment>
{
    public void Configure(EntityTypeBuilder<PortalAttachment> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TenantId, a.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(100);
    }
}
