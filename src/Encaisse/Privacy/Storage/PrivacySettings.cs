using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Privacy.Storage;

/// <summary>
/// The tenant's retention periods for the personal data of consumer debtors (GDPR): after <see cref="ContactDataYears"/>
/// years without any movement (invoice, payment, message), a person's identity and contact data are due for erasure; the
/// accounting records themselves stay <see cref="AccountingYears"/> years (Code de commerce L123-22: ten years), under a pseudonym.
/// </summary>
public sealed class PrivacySettings : ITenantOwned
{
    public const int DefaultContactDataYears = 3;
    public const int LegalAccountingYears = 10;

    public Guid TenantId { get; set; }
    public int ContactDataYears { get; set; } = DefaultContactDataYears;
    public int AccountingYears { get; set; } = LegalAccountingYears;
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class PrivacySettingsConfiguration : IEntityTypeConfiguration<PrivacySettings>
{
    public void Configure(EntityTypeBuilder<PrivacySettings> b)
    {
        b.ToTable("privacy_settings");
        b.HasKey(s => s.TenantId);
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
