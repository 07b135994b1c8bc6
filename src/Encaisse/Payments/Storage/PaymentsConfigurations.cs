using Encaisse.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Payments.Storage;

internal sealed class BankStatementConfiguration : IEntityTypeConfiguration<BankStatement>
{
    public void Configure(EntityTypeBuilder<BankStatement> b)
    {
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.TenantId, s.ImportedAt });
        b.Property(s => s.Format).HasMaxLength(10);
        b.Property(s => s.AccountIban).HasMaxLength(34);
        b.Property(s => s.AccountNumber).HasMaxLength(100);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.StatementReference).HasMaxLength(100);
        b.Property(s => s.FileName).HasMaxLength(300);
    }
}

internal sealed class BankTransactionConfiguration : IEntityTypeConfiguration<BankTransaction>
{
    public void Configure(EntityTypeBuilder<BankTransaction> b)
    {
        b.HasKey(t => t.Id);
        // The natural key makes a re-import a no-op, even when two imports race.
        b.HasIndex(t => new { t.TenantId, t.NaturalKey }).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.Status, t.BookingDate });
        b.HasIndex(t => new { t.TenantId, t.EndToEndId });
        b.HasOne<BankStatement>().WithMany().HasForeignKey(t => t.BankStatementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.NaturalKey).HasMaxLength(64);
        b.Property(t => t.AccountIban).HasMaxLength(34);
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.CounterpartyName).HasMaxLength(200);
        b.Property(t => t.CounterpartyIban).HasMaxLength(34);
        b.Property(t => t.RemittanceInformation).HasMaxLength(2000);
        b.Property(t => t.EndToEndId).HasMaxLength(100);
        b.Property(t => t.BankReference).HasMaxLength(100);
        b.Property(t => t.ReturnReason).HasMaxLength(35);
        b.Property(t => t.MandateReference).HasMaxLength(100);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Confidence).HasPrecision(4, 2);
    }
}

internal sealed class PayerAliasConfiguration : IEntityTypeConfiguration<PayerAlias>
{
    public void Configure(EntityTypeBuilder<PayerAlias> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TenantId, a.Kind, a.Key }).IsUnique();
        b.HasOne<Ledger.Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Kind).HasMaxLength(10);
        b.Property(a => a.Key).HasMaxLength(200);
        b.Property(a => a.Source).HasMaxLength(20);
    }
}

internal sealed class MandateConfiguration : IEntityTypeConfiguration<Sepa.Mandate>
{
    public void Configure(EntityTypeBuilder<Sepa.Mandate> b)
    {
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.TenantId, m.Reference }).IsUnique();
        b.HasIndex(m => new { m.TenantId, m.CustomerId });
        b.HasOne<Ledger.Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Reference).HasMaxLength(35);
        b.Property(m => m.DebtorIban).HasMaxLength(34);
        b.Property(m => m.DebtorBic).HasMaxLength(11);
        b.Property(m => m.DebtorName).HasMaxLength(140);
        b.Ignore(m => m.NextSequence);
    }
}
