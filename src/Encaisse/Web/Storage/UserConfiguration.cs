using Encaisse.Ledger;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Web.Storage;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Id);
        b.HasIndex(u => u.Login).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(u => u.Login).HasMaxLength(100);
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(u => u.PasswordHash).HasMaxLength(200);
        b.Property(u => u.Language).HasMaxLength(5);
        b.Property(u => u.SecurityStamp).HasMaxLength(32);
    }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> b)
    {
        b.ToTable("sign_in_throttles");
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(200);
    }
}
