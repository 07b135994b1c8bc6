using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Risk.Onboarding;

/// <summary>
/// One complete registry check of a customer (company registry and BODACC both answered), kept as history: the latest is
/// shown on the customer page; earlier ones say what was known when credit was granted. Facts only; the advice is derived
/// from them with the tenant's <see cref="CreditPolicy"/> when read (its class at the time is kept in <see cref="RiskClass"/>).
/// </summary>
public sealed class CompanyCheck : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public DateOnly CheckedOn { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    /// <summary>What asked for it: creation, import, manual, retry (a queued check completed later).</summary>
    public string Trigger { get; set; } = "";
    /// <summary>Who asked (login, API key prefix, "import", "scheduler").</summary>
    public string? RequestedBy { get; set; }
    public string Siren { get; set; } = "";
    /// <summary>The company registry knows the SIREN.</summary>
    public bool Found { get; set; }
    public bool Active { get; set; }
    public string? RegistryName { get; set; }
    /// <summary>INSEE legal category code (nature juridique), e.g. 5710 SAS.</summary>
    public string? LegalForm { get; set; }
    public DateOnly? CreatedOn { get; set; }
    public DateOnly? CeasedOn { get; set; }
    /// <summary>Main activity (NAF code), e.g. 10.71C.</summary>
    public string? ActivityCode { get; set; }
    public string? HeadcountBand { get; set; }
    public string? HeadOfficeSiret { get; set; }
    public string? HeadOfficeAddress { get; set; }
    public string? HeadOfficePostalCode { get; set; }
    public string? HeadOfficeCity { get; set; }
    /// <summary>BODACC collective-procedure notices, JSON array.</summary>
    public string Notices { get; set; } = "[]";
    /// <summary>Latest BODACC publications of any family, JSON array.</summary>
    public string Publications { get; set; } = "[]";
    /// <summary>Published annual accounts, JSON array (year, revenue, net result).</summary>
    public string Accounts { get; set; } = "[]";
    /// <summary>Our legal name is not the registry's (normalised comparison).</summary>
    public bool NameDiffers { get; set; }
    /// <summary>Our billing address is not the registry's head office (normalised comparison).</summary>
    public bool AddressDiffers { get; set; }
    /// <summary>The onboarding class found (A–E) and whether credit was refused, when checked.</summary>
    public string RiskClass { get; set; } = "";
    public bool CreditRefused { get; set; }
}

/// <summary>
/// A check to do: written with the customer (creation through the API or the back office, import) or when a person asks,
/// done by the onboarding job, kept with a growing delay while the registries are unavailable (never blocking anything) and
/// removed once a check is complete. One per customer.
/// </summary>
public sealed class CompanyCheckRequest : ITenantOwned
{
    public Guid CustomerId { get; set; }
    public Guid TenantId { get; set; }
    public string Trigger { get; set; } = "";
    public string? RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>The node working on it (claimed by a conditional update), null when free.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>
/// A person's decision to grant credit (a limit or payment terms) to a customer the rule refuses it to (ceased company,
/// collective procedure): who, when, why and what was granted. In the audit trail as well.
/// </summary>
public sealed class CreditOverride : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>What was refused: ceased, procedure, ceased+procedure.</summary>
    public string Refusal { get; set; } = "";
    public long? CreditLimitMinor { get; set; }
    public string? PaymentTerms { get; set; }
}

/// <summary>The tenant's credit rules (<see cref="CreditPolicy"/> as JSON); absent = the documented defaults.</summary>
public sealed class RiskPolicy : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public string Rules { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CompanyCheckConfiguration : IEntityTypeConfiguration<CompanyCheck>
{
    public void Configure(EntityTypeBuilder<CompanyCheck> b)
    {
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.TenantId, c.CustomerId, c.CheckedOn });
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Trigger).HasMaxLength(20);
        b.Property(c => c.RequestedBy).HasMaxLength(100);
        b.Property(c => c.Siren).HasMaxLength(9);
        b.Property(c => c.RegistryName).HasMaxLength(300);
        b.Property(c => c.LegalForm).HasMaxLength(10);
        b.Property(c => c.ActivityCode).HasMaxLength(10);
        b.Property(c => c.HeadcountBand).HasMaxLength(5);
        b.Property(c => c.HeadOfficeSiret).HasMaxLength(14);
        b.Property(c => c.HeadOfficeAddress).HasMaxLength(300);
        b.Property(c => c.HeadOfficePostalCode).HasMaxLength(10);
        b.Property(c => c.HeadOfficeCity).HasMaxLength(100);
        b.Property(c => c.RiskClass).HasMaxLength(1);
    }
}

internal sealed class CompanyCheckRequestConfiguration : IEntityTypeConfiguration<CompanyCheckRequest>
{
    public void Configure(EntityTypeBuilder<CompanyCheckRequest> b)
    {
        b.HasKey(r => r.CustomerId);
        b.HasIndex(r => r.TenantId);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Trigger).HasMaxLength(20);
        b.Property(r => r.RequestedBy).HasMaxLength(100);
        b.Property(r => r.LastError).HasMaxLength(500);
        b.Property(r => r.ClaimedBy).HasMaxLength(200);
    }
}

internal sealed class CreditOverrideConfiguration : IEntityTypeConfiguration<CreditOverride>
{
    public void Configure(EntityTypeBuilder<CreditOverride> b)
    {
        b.HasKey(o => o.Id);
        b.HasIndex(o => new { o.TenantId, o.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(o => o.Reason).HasMaxLength(1000);
        b.Property(o => o.By).HasMaxLength(100);
        b.Property(o => o.Refusal).HasMaxLength(30);
        b.Property(o => o.PaymentTerms).HasMaxLength(30);
    }
}

internal sealed class RiskPolicyConfiguration : IEntityTypeConfiguration<RiskPolicy>
{
    public void Configure(EntityTypeBuilder<RiskPolicy> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => p.TenantId).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
