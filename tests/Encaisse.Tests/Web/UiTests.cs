using Encaisse.Web.BackOffice;
using Shouldly;

namespace Encaisse.Tests.Web;

public sealed class UiTests
{
    [Theory]
    [InlineData("fr", 123456, "1 234,56 €")]
    [InlineData("fr", -5000, "-50,00 €")]
    [InlineData("en", 123456, "€1,234.56")]
    [InlineData("en", -5000, "-€50.00")]
    public void Formats_amounts_in_the_request_language(string lang, long minor, string expected) =>
        new Ui { Lang = lang }.Money(minor).Replace('\u202F', ' ').Replace('\u00A0', ' ').ShouldBe(expected);

    [Theory]
    [InlineData("fr", "16/03/2026")]
    [InlineData("en", "16 Mar 2026")]
    public void Formats_dates_in_the_request_language(string lang, string expected) =>
        new Ui { Lang = lang }.Date(new DateOnly(2026, 3, 16)).ShouldBe(expected);

    [Theory]
    [InlineData("en", "fr", "fr", "en")]
    [InlineData(null, "en", "fr", "en")]
    [InlineData(null, null, "en", "en")]
    [InlineData("de", null, null, "fr")]
    public void Query_then_cookie_then_profile_then_french(string? query, string? cookie, string? profile, string expected) =>
        Ui.Resolve(query, cookie, profile).ShouldBe(expected);

    [Fact]
    public void Every_text_exists_in_both_languages()
    {
        foreach (var key in Texts.Keys)
        {
            Texts.Get(key, "fr").ShouldNotBeNullOrWhiteSpace(key);
            Texts.Get(key, "en").ShouldNotBeNullOrWhiteSpace(key);
        }

        Texts.Get("nav.customers", "fr").ShouldBe("Clients");
        Texts.Get("nav.customers", "en").ShouldBe("Customers");
    }
}
