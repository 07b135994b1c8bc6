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
    }
}
