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
    [InlineData("{% if x %}never closed", "'{% endif %}' was expected at (1:23)")]
    [InlineData("{{ a | upcase }}", "filters are not supported")]
    [InlineData("{% include 'x' %}", "unknown tag")]
    [InlineData("{{ open", "End of tag '}}' was expected")]
    public void Invalid_templates_are_refused_with_a_reason(string source, string reason) =>
        TemplateRenderer.Validate(source)!.ShouldContain(reason);

    // The audit's template: 217 bytes of nested loops rendered 16.7 MB in 7 s and could be saved for the daily job.
    private const string NestedLoops =
        "{% for a in invoices %}{% for b in invoices %}{% for c in invoices %}{% for d in invoices %}{{ customer.name }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";

    [Theory]
    [InlineData(NestedLoops, "for loops")]
    [InlineData("{% if a %}{% if b %}{% if c %}{% if d %}{% if e %}x{% endif %}{% endif %}{% endif %}{% endif %}{% endif %}", "nests more than")]
    [InlineData("{% assign x = 'a' %}{{ x }}", "'assign' tag is not allowed")]
    [InlineData("{% capture x %}a{% endcapture %}", "'capture' tag is not allowed")]
    [InlineData("{% render 'x' %}", "is not allowed")]
    [InlineData("{% for i in (1..100000) %}x{% endfor %}", "without range")]
    [InlineData("{{ invoices[0].number }}", "names separated by dots")]
    public void Templates_outside_the_sandbox_are_refused_when_saved(string source, string reason) =>
        TemplateStore.Check("reminder", "fr", "s", source)["body"].Single().ShouldContain(reason);

    [Fact]
    public void A_template_that_passes_a_limit_on_a_large_customer_is_refused_when_saved()
    {
        // Two nested loops are allowed, but 300 × 300 rows of a long line pass the output limit.
        var body = "{% for a in invoices %}{% for b in invoices %}" + new string('x', 100) + "{{ b.number }}{% endfor %}{% endfor %}";
        var reason = TemplateStore.Check("reminder", "fr", "s", body)["body"].Single();
        reason.ShouldContain("300 invoices");
        reason.ShouldContain("longer than");
    }

    [Fact]
    public void Rendering_stops_at_the_step_limit_and_at_the_output_limit()
    {
        var many = new Dictionary<string, object?>(Vars) { ["invoices"] = Enumerable.Range(0, 1000).Select(i => (object)new Dictionary<string, object?> { ["number"] = "F" + i }).ToList() };
        LiquidTemplate.TryParse("{% for a in invoices %}{% for b in invoices %}{% if b.number %}{% endif %}{% endfor %}{% endfor %}", out var quiet, out _).ShouldBeTrue();
        Should.Throw<TemplateLimitException>(() => quiet!.Render(many, encoder: null)).Message.ShouldContain("render steps");

        var small = TemplateLimits.Default with { MaxOutputChars = 500 };
        LiquidTemplate.TryParse("{% for a in invoices %}{{ a.number }}{% endfor %}", small, out var loud, out _).ShouldBeTrue();
        Should.Throw<TemplateLimitException>(() => loud!.Render(many, encoder: null, small)).Message.ShouldContain("longer than 500");
        loud!.Render(Vars, encoder: null, small).ShouldBe("F1F2");
    }

    [Fact]
    public void Every_built_in_template_is_accepted_by_the_sandbox()
    {
        foreach (var (key, language) in DefaultTemplates.Keys)
        {
            var (subject, body) = DefaultTemplates.For(key, language);
            TemplateStore.Check(key, language, subject, string.IsNullOrEmpty(body) ? "x" : body).ShouldBeEmpty($"{key}/{language}");
        }
    }

    [Fact]
    public void Values_reach_no_dotnet_object_by_reflection()
    {
        var vars = new Dictionary<string, object?> { ["clock"] = TimeProvider.System, ["uri"] = new Uri("https://example.org/") };
        TemplateRenderer.Render("s", "[{{ clock.LocalTimeZone }}][{{ uri.Host }}]", vars, html: false).Body.ShouldBe("[][]");
    }
}
