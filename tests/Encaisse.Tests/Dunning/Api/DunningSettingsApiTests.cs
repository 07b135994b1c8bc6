using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Api;

public class DunningSettingsApiTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Settings_are_changed_through_the_api_and_secrets_are_write_only(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);

        var initial = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/settings");
        initial.GetProperty("runHour").GetInt32().ShouldBe(8);
        initial.GetProperty("timeZone").GetString().ShouldBe("Europe/Paris");

        var put = await server.Api.PutAsJsonAsync("/api/v1/dunning/settings", new
        {
            smtpHost = "smtp.example.fr", smtpPort = 465, smtpSecurity = "ssl", smtpUser = "relances", smtpPassword = "api-s3cret",
            from = "relances@acme.example.fr", smsUrl = "https://sms.example.fr/send", smsToken = "tok-123", runHour = 6,
            timeZone = "Europe/Brussels",
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var text = await server.Api.GetStringAsync("/api/v1/dunning/settings");
        text.ShouldNotContain("api-s3cret");
        text.ShouldNotContain("tok-123");
        text.ShouldNotContain("enc:v1");
        var shown = JsonDocument.Parse(text).RootElement;
        shown.GetProperty("smtpPasswordSet").GetBoolean().ShouldBeTrue();
        shown.GetProperty("smsTokenSet").GetBoolean().ShouldBeTrue();
        shown.GetProperty("smtpSecurity").GetString().ShouldBe("sslOnConnect");
        shown.GetProperty("runHour").GetInt32().ShouldBe(6);
        shown.GetProperty("timeZone").GetString().ShouldBe("Europe/Brussels");

        await using (var db = server.Database.For(server.Tenant))
        {
            var stored = await db.Set<DunningSettings>().AsNoTracking().SingleAsync();
            SettingsSecrets.Reveal(stored.SmtpPassword, server.Tenant.Id, DunningSecretFields.SmtpPassword).ShouldBe("api-s3cret");
            stored.SmsToken!.ShouldStartWith("enc:v1:");
            (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == server.Tenant.Id)).TimeZone.ShouldBe("Europe/Brussels");
        }

        // Only what is given changes; an empty secret clears it.
        (await server.Api.PutAsJsonAsync("/api/v1/dunning/settings", new { smsToken = "" })).EnsureSuccessStatusCode();
        var after = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/settings");
        after.GetProperty("smsTokenSet").GetBoolean().ShouldBeFalse();
        after.GetProperty("smtpPasswordSet").GetBoolean().ShouldBeTrue();
        after.GetProperty("smtpHost").GetString().ShouldBe("smtp.example.fr");

        var bad = await server.Api.PutAsJsonAsync("/api/v1/dunning/settings", new { runHour = 24, timeZone = "Nowhere/Land", from = "nope", smtpSecurity = "tls2" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.GetProperty("runHour")[0].GetString().ShouldBe("Hour between 0 and 23.");
        problem.GetProperty("code").GetString().ShouldBe("dunningSettings.invalid");
        errors.GetProperty("timeZone")[0].GetString()!.ShouldContain("Nowhere/Land");
        errors.GetProperty("from").GetArrayLength().ShouldBe(1);
        errors.GetProperty("smtpSecurity").GetArrayLength().ShouldBe(1);
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/settings")).GetProperty("runHour").GetInt32().ShouldBe(6, "nothing saved on errors");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_customised_template_is_deleted_back_to_the_built_in_one(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var builtIn = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/templates/firm/en");

        (await server.Api.PutAsJsonAsync("/api/v1/dunning/templates/firm/en", new { subject = "Unpaid {{ customer.ref }}", body = "<p>Pay.</p>" }))
            .EnsureSuccessStatusCode();
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/dunning/templates/firm/en")).GetProperty("subject").GetString().ShouldBe("Unpaid {{ customer.ref }}");

        var deleted = await server.Api.DeleteAsync("/api/v1/dunning/templates/firm/en");
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString().ShouldBe(builtIn.GetProperty("subject").GetString());
        (await server.Api.DeleteAsync("/api/v1/dunning/templates/firm/en")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
