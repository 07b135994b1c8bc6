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
        new Ui { Lang = "fr" }.T("nav.customers").ShouldBe("Clients");
        new Ui { Lang = "en" }.T("nav.customers").ShouldBe("Customers");
        new Ui { Lang = "en" }.T("no.such.key").ShouldBe("no.such.key");
    }
}
