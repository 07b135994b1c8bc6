using System.Text.Encodings.Web;
using Encaisse.Localization;
using Ganss.Xss;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Templates;

/// <summary>A rendered message: subject and body exactly as they will be sent.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>Renders Liquid templates (<see cref="LiquidTemplate"/>, Fluid within limits) with HTML-encoded values, then sanitises the HTML.
/// A render past a limit throws <see cref="TemplateLimitException"/> (an <see cref="InvalidOperationException"/>).</summary>
public static class TemplateRenderer
{
    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>The default limits with a wall-clock budget that only a stalled machine reaches.</summary>
    private static readonly TemplateLimits SaveCheckLimits = TemplateLimits.Default with { MaxTime = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Checks a template before it is saved: syntax and sandbox, then a render for a large customer (<see cref="TemplateSample"/>)
    /// within the limits. Returns the reason it is refused, or null. The check is deterministic: the steps and the output
    /// bound what the sample render costs, so its wall-clock budget is wide (<see cref="SaveCheckLimits"/>); a loaded
    /// machine must not refuse a valid template. Real renders keep the default budget.
    /// </summary>
    public static string? Validate(string source)
    {
        if (!LiquidTemplate.TryParse(source, out var template, out var error))
        {
            return error;
        }

        try
        {
            template!.Render(TemplateSample.Variables, HtmlEncoder.Default, SaveCheckLimits);
            return null;
        }
        catch (TemplateLimitException e)
        {
            return Catalogue.Text(Catalogue.English, "error.template.sample", ("count", TemplateSample.Invoices), ("reason", e.Message));
        }
    }

    public static RenderedMessage Render(string subject, string body, IReadOnlyDictionary<string, object?> variables, bool html)
    {
        var renderedSubject = RenderOne(subject, variables, encoder: null).Trim();
        var renderedBody = RenderOne(body, variables, html ? HtmlEncoder.Default : null);
        return new RenderedMessage(renderedSubject, html ? Sanitizer.Sanitize(renderedBody) : renderedBody.Trim());
    }

    /// <summary>The tenant's template for (key, language), else the built-in one.</summary>
    internal static async Task<(string Subject, string Body)> LoadAsync(Encaisse.Storage.EncaisseDb db, string key, string language, CancellationToken ct)
    {
        var own = await db.Set<DunningTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.Language == language, ct);
        return own is null ? DefaultTemplates.For(key, language) : (own.Subject, own.Body);
    }

    private static string RenderOne(string source, IReadOnlyDictionary<string, object?> variables, TextEncoder? encoder) =>
        LiquidTemplate.TryParse(source, out var template, out var error)
            ? template!.Render(variables, encoder)
            : throw new InvalidOperationException("Template error: " + error);
}
