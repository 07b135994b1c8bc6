using Encaisse.Dunning.Templates;
using Shouldly;

namespace Encaisse.Tests.Dunning.Channels;

public class TemplateTests
{
    private static readonly Dictionary<string, object?> Vars = new()
    {
        ["customer"] = new Dictionary<string, object?> { ["name"] = "Dupont & Fils <script>alert(1)</script>" },
        ["invoices"] = new List<object> { new Dictionary<string, object?> { ["number"] = "F1" }, new Dictionary<string, object?> { ["number"] = "F2" } },
        ["portal_link"] = null,
        ["days_late"] = 12,
    };

    [Theory]
    [InlineData("Bonjour {{ customer.name }}", "Bonjour Dupont & Fils <script>alert(1)</script>")]
    [InlineData("{% for i in invoices %}[{{ i.number }}]{% endfor %}", "[F1][F2]")]
    [InlineData("{% if portal_link %}lien{% else %}sans lien{% endif %}", "sans lien")]
    [InlineData("{% unless portal_link %}x{% endunless %} {{ days_late }} j", "x 12 j")]
    [InlineData("{{ missing.value }}-", "-")]
    public void Renders_the_liquid_subset_as_text(string source, string expected) =>
        TemplateRenderer.Render(source, source, Vars, html: false).Body.ShouldBe(expected);

    [Fact]
    public void Html_bodies_encode_values_and_are_sanitised()
    {
        var body = TemplateRenderer.Render("s", "<p onclick=\"x()\">{{ customer.name }}</p><script>evil()</script>", Vars, html: true).Body;
        body.ShouldBe("<p>Dupont &amp; Fils &lt;script&gt;alert(1)&lt;/script&gt;</p>");
    }

    [Theory]
    [InlineData("{% if x %}never closed", "is not closed")]
    [InlineData("{{ a | upcase }}", "filters are not supported")]
    [InlineData("{% include 'x' %}", "unknown tag")]
    [InlineData("{{ open", "unclosed")]
    public void Invalid_templates_are_refused_with_a_reason(string source, string reason) =>
        TemplateRenderer.Validate(source)!.ShouldContain(reason);
}
