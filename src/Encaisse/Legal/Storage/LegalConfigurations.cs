using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Legal.Storage;

internal sealed class ReferenceRateRowConfiguration : IEntityTypeConfiguration<ReferenceRateRow>
{
    public void Configure(EntityTypeBuilder<ReferenceRateRow> builder)
    {
        builder.ToTable("reference_rates");
        builder.HasKey(r => r.HalfYear);
        builder.Property(r => r.HalfYear).HasMaxLength(6);
        builder.Property(r => r.EcbRate).HasPrecision(6, 3);
        builder.Property(r => r.LegalRatePersonal).HasPrecision(6, 3);
        builder.Property(r => r.LegalRateOther).HasPrecision(6, 3);
        builder.Property(r => r.Source).HasMaxLength(16);
        builder.Property(r => r.Origin).HasMaxLength(500);
    }
}

internal sealed class LegalPolicyConfiguration : IEntityTypeConfiguration<LegalPolicy>
{
    public void Configure(EntityTypeBuilder<LegalPolicy> builder)
    {
        builder.ToTable("legal_policies");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.TenantId, p.CustomerId }).IsUnique();
        builder.Property(p => p.ContractualRate).HasPrecision(6, 3);
        builder.Property(p => p.Policy).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Basis).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.DisputeInterest).HasConversion<string>().HasMaxLength(16);
    }
}
