using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Ledger.Storage;

internal static class AddressMapping
{
    public static void Map<T>(OwnedNavigationBuilder<T, PostalAddress> address, string prefix)
        where T : class
    {
        address.Property(a => a.Line1).HasColumnName(prefix + "_line1").HasMaxLength(200);
        address.Property(a => a.Line2).HasColumnName(prefix + "_line2").HasMaxLength(200);
        address.Property(a => a.PostalCode).HasColumnName(prefix + "_postal_code").HasMaxLength(20);
        address.Property(a => a.City).HasColumnName(prefix + "_city").HasMaxLength(100);
        address.Property(a => a.Country).HasColumnName(prefix + "_country").HasMaxLength(2);
    }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => t.Code).IsUnique();
        b.Property(t => t.Code).HasMaxLength(50);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Siren).HasMaxLength(9);
        b.Property(t => t.Siret).HasMaxLength(14);
        b.Property(t => t.LegalForm).HasMaxLength(50);
        b.Property(t => t.RegistrationCity).HasMaxLength(100);
        b.Property(t => t.VatNumber).HasMaxLength(20);
        b.Property(t => t.Iban).HasMaxLength(34);
        b.Property(t => t.Bic).HasMaxLength(11);
        b.Property(t => t.Email).HasMaxLength(200);
        b.Property(t => t.Phone).HasMaxLength(30);
        b.Property(t => t.DefaultPaymentTerms).HasMaxLength(30);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.TimeZone).HasMaxLength(50);
        b.OwnsOne(t => t.Address, a => AddressMapping.Map(a, "address"));
        b.Navigation(t => t.Address).IsRequired();
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.HasKey(c => c.Id);
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.TenantId, c.ExternalRef }).IsUnique();
        b.HasIndex(c => new { c.TenantId, c.LegalName });
        b.HasIndex(c => new { c.TenantId, c.Siren });
        b.Property(c => c.ExternalRef).HasMaxLength(100);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.LegalName).HasMaxLength(200);
        b.Property(c => c.Siren).HasMaxLength(9);
        b.Property(c => c.Siret).HasMaxLength(14);
        b.Property(c => c.VatNumber).HasMaxLength(20);
        b.Property(c => c.Language).HasMaxLength(5);
        b.Property(c => c.Segment).HasMaxLength(50);
        b.Property(c => c.Collector).HasMaxLength(100);
        b.Property(c => c.PaymentTerms).HasMaxLength(30);
        b.Property(c => c.RiskClass).HasMaxLength(1);
        b.Property(c => c.InsolvencyKind).HasMaxLength(20);
        b.OwnsOne(c => c.BillingAddress, a => AddressMapping.Map(a, "billing"));
        b.Navigation(c => c.BillingAddress).IsRequired();
        b.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Role).HasMaxLength(100);
        b.Property(c => c.Email).HasMaxLength(200);
        b.Property(c => c.Phone).HasMaxLength(30);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.TenantId, i.Number }).IsUnique();
        b.HasIndex(i => new { i.TenantId, i.DueDate });
        b.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.Number).HasMaxLength(100);
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(i => i.Currency).HasMaxLength(3);
        b.Property(i => i.PurchaseOrderRef).HasMaxLength(100);
        b.Property(i => i.Source).HasMaxLength(20);
        b.HasMany(i => i.Instalments).WithOne().HasForeignKey(i => i.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstalmentConfiguration : IEntityTypeConfiguration<Instalment>
{
    public void Configure(EntityTypeBuilder<Instalment> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.InvoiceId, i.Sequence }).IsUnique();
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.TenantId, p.Reference }).IsUnique();
        b.HasIndex(p => new { p.TenantId, p.CustomerId });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Reference).HasMaxLength(140);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Method).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.PayerName).HasMaxLength(200);
        b.Property(p => p.PayerIban).HasMaxLength(34);
        b.Property(p => p.Source).HasMaxLength(20);
    }
}

internal sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TenantId, a.InvoiceId });
        b.HasOne<Invoice>().WithMany().HasForeignKey(a => a.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Payment>().WithMany().HasForeignKey(a => a.PaymentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Invoice>().WithMany().HasForeignKey(a => a.CreditNoteId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Source).HasMaxLength(20);
    }
}

internal sealed class TimelineEventConfiguration : IEntityTypeConfiguration<TimelineEvent>
{
    public void Configure(EntityTypeBuilder<TimelineEvent> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.TenantId, e.CustomerId, e.At });
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Kind).HasMaxLength(50);
        b.Property(e => e.Summary).HasMaxLength(500);
        b.Property(e => e.Actor).HasMaxLength(100);
    }
}

internal sealed class InvoiceLineItemConfiguration : IEntityTypeConfiguration<InvoiceLineItem>
{
    public void Configure(EntityTypeBuilder<InvoiceLineItem> b)
    {
        b.ToTable("invoice_lines");
        b.HasKey(l => l.Id);
        b.HasIndex(l => new { l.InvoiceId, l.LineNumber }).IsUnique();
        b.HasOne<Invoice>().WithMany().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.Description).HasMaxLength(500);
        b.Property(l => l.Quantity).HasPrecision(18, 4);
        b.Property(l => l.UnitCode).HasMaxLength(3);
        b.Property(l => l.UnitPrice).HasPrecision(18, 4);
        b.Property(l => l.VatCategory).HasMaxLength(2);
        b.Property(l => l.VatRate).HasPrecision(5, 2);
        b.Property(l => l.VatExemptionReason).HasMaxLength(300);
    }
}
