using System.Xml.Linq;
using Encaisse.Dunning.Channels;
using Encaisse.Tests.Support;
using Encaisse.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16: the cookie-protection key ring is sealed with the installation's secret key; reading the database is not enough.</summary>
public sealed class KeyRingAtRestTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_are_stored_sealed_and_clear_keys_of_earlier_versions_are_sealed_on_read(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var repository = new DatabaseXmlRepository(database.Factory, FakeClock.At(WebSeed.Today));
        var key = new XElement("key", new XAttribute("id", Guid.NewGuid()), new XElement("masterKey", "c2VjcmV0LW1hdGVyaWFs"));
        repository.StoreElement(key, "key-new");

        // An earlier version wrote keys in clear.
        await using (var db = database.Factory.Create())
        {
            db.Add(new DataProtectionKey { FriendlyName = "key-old", Xml = "<key id=\"old\"><masterKey>b2xkLXNlY3JldA==</masterKey></key>", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var read = repository.GetAllElements();
        read.Select(e => e.Element("masterKey")!.Value).ShouldBe(["c2VjcmV0LW1hdGVyaWFs", "b2xkLXNlY3JldA=="], ignoreOrder: true);

        await using var check = database.Factory.Create();
        var stored = await check.Set<DataProtectionKey>().AsNoTracking().Select(k => k.Xml).ToListAsync();
        stored.Count.ShouldBe(2);
        stored.ShouldAllBe(x => SettingsSecrets.IsSealed(x));
        stored.ShouldAllBe(x => !x.Contains("masterKey") && !x.Contains("c2VjcmV0") && !x.Contains("b2xk"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_altered_in_the_database_is_not_used(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var repository = new DatabaseXmlRepository(database.Factory, FakeClock.At(WebSeed.Today));
        repository.StoreElement(new XElement("key", new XElement("masterKey", "YQ==")), "key-1");
        await using (var db = database.Factory.Create())
        {
            var row = await db.Set<DataProtectionKey>().SingleAsync();
            row.Xml = row.Xml[..^4] + (row.Xml[^4] == 'A' ? "B" : "A") + row.Xml[^3..];
            await db.SaveChangesAsync();
        }

        repository.GetAllElements().ShouldBeEmpty();
    }
}
