using System.Xml.Linq;
using Encaisse.Dunning.Channels;
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
    /// <summary>The key's XML element as data protection wrote it, sealed with the installation's secret key (<c>enc:v1:…</c>).</summary>
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

/// <summary>
/// The key ring's storage over <see cref="EncaisseDb"/> (SQLite and PostgreSQL alike). Each key's XML is sealed with the installation's
/// secret key (AES-256-GCM through <see cref="SettingsSecrets"/>, ADR 1602) before it is written: reading the database is not enough to
/// forge a sign-in cookie. A key written in clear by an earlier version is sealed the first time the ring is read.
/// </summary>
public sealed class DatabaseXmlRepository(DatabaseFactory database, TimeProvider clock, ILogger<DatabaseXmlRepository>? log = null) : IXmlRepository
{
    /// <summary>The associated data of every sealed key: a sealed value copied to another column does not open.</summary>
    public const string Field = "dataProtectionKey";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = database.Create();
        var rows = db.Set<DataProtectionKey>().OrderBy(k => k.Id).ToList();
        var elements = new List<XElement>();
        var resealed = false;
        foreach (var row in rows)
        {
            string xml;
            try
            {
                xml = SettingsSecrets.Reveal(row.Xml, Guid.Empty, Field)!;
            }
            catch (SecretUnreadableException e)
            {
                // A key sealed with another secret key: cookies it protected cannot be read; data protection makes a new key.
                log?.LogWarning("Data-protection key {Name} skipped: {Reason}", row.FriendlyName, e.Message);
                continue;
            }

            if (!SettingsSecrets.IsSealed(row.Xml))
            {
                row.Xml = SettingsSecrets.Seal(xml, Guid.Empty, Field)!;
                resealed = true;
            }

            elements.Add(XElement.Parse(xml));
        }

        if (resealed)
        {
            db.SaveChanges();
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = database.Create();
        db.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName ?? "",
            Xml = SettingsSecrets.Seal(element.ToString(SaveOptions.DisableFormatting), Guid.Empty, Field)!,
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
        // Keys are sealed by the repository with the installation's secret key (ADR 1602), not by an XML encryptor:
        // data protection's warning about the missing encryptor would show on every start.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DatabaseFactory>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<DatabaseXmlRepository>>())));
        return services;
    }
}
