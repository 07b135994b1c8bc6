using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Risk.Registries;

/// <summary>
/// When a customer was last checked against the registries, and what was found. The daily watch checks the customers
/// never or least recently checked first, so that the ones a time budget left out are the first ones next time; a
/// resumed run skips those already checked that day.
/// </summary>
public sealed class RegistryCheck : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>The business date of the last complete check (both registries answered).</summary>
    public DateOnly CheckedOn { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    /// <summary>ok, unknown, ceased, insolvency, ceased+insolvency.</summary>
    public string Status { get; set; } = "";
}

internal sealed class RegistryCheckConfiguration : IEntityTypeConfiguration<RegistryCheck>
{
    public void Configure(EntityTypeBuilder<RegistryCheck> b)
    {
        b.ToTable("registry_check");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.TenantId, c.CustomerId }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Status).HasMaxLength(40);
    }
}
