using Encaisse.Dunning;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Dunning.Storage;

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.CustomerId });
        b.HasIndex(d => new { d.TenantId, d.Status });
        // The disputes list and API: newest opened first, read in this order (ADR 1590).
        b.HasIndex(d => new { d.TenantId, d.OpenedOn, d.Id });
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(d => d.Description).HasMaxLength(2000);
        b.Property(d => d.Owner).HasMaxLength(100);
        b.Property(d => d.Channel).HasMaxLength(20);
        b.HasMany(d => d.Invoices).WithOne().HasForeignKey(i => i.DisputeId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(d => d.IsActive);
    }
}

internal sealed class DisputedInvoiceConfiguration : IEntityTypeConfiguration<DisputedInvoice>
{
    public void Configure(EntityTypeBuilder<DisputedInvoice> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.TenantId, d.InvoiceId });
        b.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromiseToPayConfiguration : IEntityTypeConfiguration<PromiseToPay>
{
    public void Configure(EntityTypeBuilder<PromiseToPay> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.TenantId, p.CustomerId });
        b.HasIndex(p => new { p.TenantId, p.Status, p.PromisedDate });
        // The promises API without a status: earliest promised first, read in this order (ADR 1590).
        b.HasIndex(p => new { p.TenantId, p.PromisedDate, p.Id });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Channel).HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.Note).HasMaxLength(1000);
        b.Property(p => p.RecordedBy).HasMaxLength(100);
    }
}

internal sealed class PaymentPlanConfiguration : IEntityTypeConfiguration<PaymentPlan>
{
    public void Configure(EntityTypeBuilder<PaymentPlan> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.TenantId, p.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Channel).HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.Property(p => p.ReviewNote).HasMaxLength(1000);
        b.HasMany(p => p.Instalments).WithOne().HasForeignKey(i => i.PaymentPlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentPlanInstalmentConfiguration : IEntityTypeConfiguration<PaymentPlanInstalment>
{
    public void Configure(EntityTypeBuilder<PaymentPlanInstalment> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.PaymentPlanId, i.Sequence }).IsUnique();
    }
}

internal sealed class CollectionTaskConfiguration : IEntityTypeConfiguration<CollectionTask>
{
    public void Configure(EntityTypeBuilder<CollectionTask> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.TenantId, t.Status, t.DueOn });
        b.HasIndex(t => new { t.TenantId, t.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.TitleText).HasMaxLength(2000);
        b.Property(t => t.AssignedTo).HasMaxLength(100);
        b.Property(t => t.Outcome).HasMaxLength(1000);
    }
}

internal sealed class DunningHoldConfiguration : IEntityTypeConfiguration<DunningHold>
{
    public void Configure(EntityTypeBuilder<DunningHold> b)
    {
        b.HasKey(h => h.Id);
        b.HasIndex(h => new { h.TenantId, h.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(h => h.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(h => h.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(h => h.Reason).HasMaxLength(500);
        b.Property(h => h.CreatedBy).HasMaxLength(100);
        b.Property(h => h.LiftedBy).HasMaxLength(100);
        b.HasOne<Invoice>().WithMany().HasForeignKey(h => h.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
