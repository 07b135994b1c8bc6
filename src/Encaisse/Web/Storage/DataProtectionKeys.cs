using System.Xml.Linq;
using Encaisse.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Encaisse.Web.Storage;

/// <summary>
/// One key of ASP.NET Core's data-protection key ring (the keys that sign and encrypt the sign-in cookie,
/// antiforgery tokens and TempData), kept in the database so that every server of an installation shares it.
/// Not tenant-owned: the ring belongs to the installation.
/// </summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The name data protection gives the key ("key-{guid}").</summary>
    public string FriendlyName { get; set; } = "";
    /// <summary>The key's XML element as data protection wrote it.</summary>
    public string Xml { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

/// <summary>The key ring's storage over <see cref="EncaisseDb"/> (SQLite and PostgreSQL alike).</summary>
public sealed class DatabaseXmlRepository(DatabaseFactory database, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = database.Create();
        var texts = db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList();
        return texts.Select(t => XElement.Parse(t)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = database.Create();
        db.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName ?? "",
            Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAt = clock.GetUtcNow(),
        });
        db.SaveChanges();
    }
}

/// <summary>Data protection for a farm of servers: one application name, keys in the shared database.</summary>
public static class SharedDataProtection
{
    /// <summary>
    /// Every server must use the same application name: by default it is derived from the install folder, and two
    /// servers installed in different folders would refuse each other's cookies even with the same keys.
    /// </summary>
    public const string ApplicationName = "encaisse";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // Keys are stored as data protection writes them (no XML encryptor): whoever can read the database can already
        // read everything the keys protect. Its warning about it would show on every start (ADR 0731).
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>())));
        return services;
    }
}
