using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Dunning.Plans;

internal sealed class DunningPlanConfiguration : IEntityTypeConfiguration<DunningPlan>
{
    public void Configure(EntityTypeBuilder<DunningPlan> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.TenantId, p.Name }).IsUnique();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.ForKind).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.ForSegment).HasMaxLength(100);
        b.Property(p => p.ForRiskClass).HasMaxLength(2);
        b.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(p => p.OrderedSteps);
    }
}

internal sealed class DunningStepConfiguration : IEntityTypeConfiguration<DunningStep>
{
    public void Configure(EntityTypeBuilder<DunningStep> b)
    {
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.PlanId, s.Number }).IsUnique();
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.Tone).HasConversion<string>().HasMaxLength(14);
        b.Property(s => s.TemplateKey).HasMaxLength(50);
        b.Property(s => s.OnlyForKind).HasConversion<string>().HasMaxLength(12);
        b.Property(s => s.OnlyForSegment).HasMaxLength(100);
        b.Property(s => s.OnlyForRiskClasses).HasMaxLength(20);
    }
}

internal sealed class DunningPlanOverrideConfiguration : IEntityTypeConfiguration<DunningPlanOverride>
{
    public void Configure(EntityTypeBuilder<DunningPlanOverride> b)
    {
        b.HasKey(o => o.Id);
        b.HasIndex(o => new { o.TenantId, o.CustomerId }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DunningPlan>().WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DunningActionConfiguration : IEntityTypeConfiguration<DunningAction>
{
    public void Configure(EntityTypeBuilder<DunningAction> b)
    {
        b.HasKey(a => a.Id);
        // The outbox key: one action per customer, step and cycle, whatever the number of runs or runners.
        b.HasIndex(a => new { a.TenantId, a.CustomerId, a.StepKey, a.Cycle }).IsUnique();
        b.HasIndex(a => new { a.TenantId, a.Status, a.NextAttemptAt });
        b.HasIndex(a => a.MessageId);
        // The outbox list (GET /dunning/actions, the CLI): newest planned first, then by id, read in this order (ADR 1590).
        b.HasIndex(a => new { a.TenantId, a.PlannedOn, a.Id }).IsDescending(false, true, false);
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.StepKey).HasMaxLength(60);
        b.Property(a => a.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.Tone).HasConversion<string>().HasMaxLength(14);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.TemplateKey).HasMaxLength(50);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.Property(a => a.Recipient).HasMaxLength(200);
        b.Property(a => a.Subject).HasMaxLength(500);
        b.Property(a => a.ContentHash).HasMaxLength(64);
        b.Property(a => a.StoragePath).HasMaxLength(300);
        b.Property(a => a.MessageId).HasMaxLength(200);
        b.Property(a => a.Outcome).HasMaxLength(1000);
        b.Property(a => a.LastError).HasMaxLength(2000);
        b.Property(a => a.ClaimedBy).HasMaxLength(100);
        b.Property(a => a.ApprovedBy).HasMaxLength(100);
        b.Ignore(a => a.InvoiceIdList);
    }
}

internal sealed class DunningSettingsConfiguration : IEntityTypeConfiguration<DunningSettings>
{
    public void Configure(EntityTypeBuilder<DunningSettings> b)
    {
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.TenantId).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.SmtpHost).HasMaxLength(200);
        b.Property(s => s.SmtpSecurity).HasConversion<string>().HasMaxLength(14);
        b.Property(s => s.SmtpUser).HasMaxLength(200);
        b.Property(s => s.SmtpPassword).HasMaxLength(1000);
        b.Property(s => s.FromAddress).HasMaxLength(200);
        b.Property(s => s.FromName).HasMaxLength(200);
        b.Property(s => s.SmsUrl).HasMaxLength(500);
        b.Property(s => s.SmsToken).HasMaxLength(1000);
        b.Property(s => s.SmsSender).HasMaxLength(20);
        b.Property(s => s.PortalBaseUrl).HasMaxLength(500);
    }
}

internal sealed class DunningTemplateConfiguration : IEntityTypeConfiguration<DunningTemplate>
{
    public void Configure(EntityTypeBuilder<DunningTemplate> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.TenantId, t.Key, t.Language }).IsUnique();
        b.Property(t => t.Key).HasMaxLength(50);
        b.Property(t => t.Language).HasMaxLength(2);
        b.Property(t => t.Subject).HasMaxLength(500);
    }
}
