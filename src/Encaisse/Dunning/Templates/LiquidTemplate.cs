using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using Encaisse.Localization;
using Fluid;
using Fluid.Ast;
using Fluid.Ast.BinaryExpressions;
using Fluid.Parser;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;

namespace Encaisse.Dunning.Templates;

/// <summary>What a template may cost: checked when it is saved (source, nesting) and on every render (steps, output, time).</summary>
public sealed record TemplateLimits(int MaxSourceChars, int MaxNesting, int MaxNestedLoops, int MaxSteps, int MaxOutputChars, TimeSpan MaxTime)
{
    /// <summary>Room for a customer with thousands of open invoices, far from what a hostile template needs to hurt a server.</summary>
    public static readonly TemplateLimits Default = new(
        MaxSourceChars: 64_000, MaxNesting: 4, MaxNestedLoops: 2, MaxSteps: 200_000, MaxOutputChars: 2_000_000, MaxTime: TimeSpan.FromSeconds(2));
}

/// <summary>A template that went past one of its <see cref="TemplateLimits"/> while rendering; nothing it wrote is used.</summary>
public sealed class TemplateLimitException(string message) : InvalidOperationException(message);

/// <summary>
/// A dunning template: Liquid parsed and rendered by Fluid (ADR 1600), inside a sandbox. Allowed: text, <c>{{ a.b }}</c> output
/// (HTML-encoded for e-mail), <c>if/elsif/else/unless/case/when</c> with comparisons, <c>for</c> over a list, <c>comment</c> and
/// <c>raw</c>. Refused when saved: filters, <c>assign</c>/<c>capture</c> (they build strings without writing them), <c>include</c>,
/// <c>render</c>, macros and functions (no file system), ranges, nesting past the limits. Values are dictionaries and lists only
/// and no CLR type is registered for member access, so a template cannot reach .NET objects by reflection.
/// </summary>
public sealed class LiquidTemplate
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false, AllowParentheses = false, AllowLiquidTag = false });

    private readonly IFluidTemplate template;

    private LiquidTemplate(IFluidTemplate template) => this.template = template;

    public static bool TryParse(string source, out LiquidTemplate? template, out string? error) =>
        TryParse(source, TemplateLimits.Default, out template, out error);

    public static bool TryParse(string source, TemplateLimits limits, out LiquidTemplate? template, out string? error)
    {
        template = null;
        if (source.Length > limits.MaxSourceChars)
        {
            error = Catalogue.Text(Catalogue.English, "error.template.tooLong", ("max", limits.MaxSourceChars));
            return false;
        }

        if (!Parser.TryParse(source, out var parsed, out var parseError))
        {
            error = Catalogue.Text(Catalogue.English, "error.template.syntax", ("reason", Describe(parseError)));
            return false;
        }

        error = new Sandbox(limits).Check(((FluidTemplate)parsed).Statements);
        if (error is not null)
        {
            return false;
        }

        template = new LiquidTemplate(parsed);
        return true;
    }

    /// <summary>Renders with the limits; throws <see cref="TemplateLimitException"/> when one is passed.</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, TextEncoder? encoder) => Render(variables, encoder, TemplateLimits.Default);

    public string Render(IReadOnlyDictionary<string, object?> variables, TextEncoder? encoder, TemplateLimits limits)
    {
        var options = new TemplateOptions
        {
            MaxSteps = limits.MaxSteps,
            FileProvider = new NullFileProvider(),
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            ModelNamesComparer = StringComparer.Ordinal,
        };
        var context = new TemplateContext(options, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            context.SetValue(name, ToValue(value));
        }

        // Fluid 2.41 reports MaxSteps as "the maximum level of recursion has been reached"; includes are refused when the
        // template is parsed, so a "maximum" here is always the step limit.
        using var writer = new BoundedWriter(limits);
        try
        {
            // Every value is in memory, so the render completes synchronously.
            template.RenderAsync(writer, encoder ?? NullEncoder.Default, context).AsTask().GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e) when (e is not TemplateLimitException && e.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            throw new TemplateLimitException(Catalogue.Text(Catalogue.English, "error.template.steps", ("max", limits.MaxSteps)));
        }

        return writer.ToString();
    }

    /// <summary>Plain values for Fluid: dictionaries, lists, strings, numbers, booleans. An empty string is nil, as it was for the
    /// templates written before Fluid (<c>{% if contact.role %}</c> is false for an empty role).</summary>
    private static FluidValue ToValue(object? value) => value switch
    {
        null => NilValue.Instance,
        string s => s.Length == 0 ? NilValue.Instance : new StringValue(s),
        bool b => BooleanValue.Create(b),
        int or long or decimal or short or byte => NumberValue.Create(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> d => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            d.ToDictionary(p => p.Key, p => ToValue(p.Value), StringComparer.Ordinal))),
        IEnumerable list => new ArrayValue(list.Cast<object?>().Select(ToValue).ToArray()),
        IFormattable f => new StringValue(f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)),
        _ => new StringValue(value.ToString() ?? ""),
    };

    /// <summary>Fluid's reason and position, without the copy of the source it appends.</summary>
    private static string Describe(string? parseError)
    {
        var text = (parseError ?? "").Trim();
        var source = text.IndexOf("\nSource:", StringComparison.Ordinal);
        return source > 0 ? text[..source].Trim() : text.Length == 0 ? "?" : text;
    }

    /// <summary>Walks the parsed template and refuses what the sandbox does not allow.</summary>
    private sealed class Sandbox(TemplateLimits limits)
    {
        public string? Check(IReadOnlyList<Statement> statements) => Block(statements, 0, 0);

        private string? Block(IReadOnlyList<Statement>? statements, int depth, int loops)
        {
            if (statements is null)
            {
                return null;
            }

            foreach (var statement in statements)
            {
                if (Statement(statement, depth, loops) is { } error)
                {
                    return error;
                }
            }

            return null;
        }

        private string? Statement(Statement statement, int depth, int loops)
        {
            var inner = depth + 1;
            if (statement is TagStatement and not (ElseStatement or ElseIfStatement or WhenStatement) && inner > limits.MaxNesting)
            {
                return Text("error.template.nesting", ("max", limits.MaxNesting));
            }

            switch (statement)
            {
                case TextSpanStatement or CommentStatement or RawStatement or BreakStatement or ContinueStatement or NoOpStatement:
                    return null;
                case OutputStatement o:
                    return o.Filters is { Count: > 0 } filters ? Text("error.template.filter", ("filter", filters[0].Name)) : Expression(o.Expression);
                case IfStatement i:
                    return Expression(i.Condition) ?? Block(i.Statements, inner, loops)
                           ?? i.ElseIfs.Select(e => Expression(e.Condition) ?? Block(e.Statements, inner, loops)).FirstOrDefault(e => e is not null)
                           ?? Block(i.Else?.Statements, inner, loops);
                case UnlessStatement u:
                    return Expression(u.Condition) ?? Block(u.Statements, inner, loops) ?? Block(u.Else?.Statements, inner, loops);
                case CaseStatement c:
                    return Expression(c.Expression)
                           ?? c.Whens.Select(w => w.Options.Select(Expression).FirstOrDefault(e => e is not null) ?? Block(w.Statements, inner, loops))
                               .FirstOrDefault(e => e is not null)
                           ?? Block(c.Else?.Statements, inner, loops);
                case ForStatement f:
                    if (loops + 1 > limits.MaxNestedLoops)
                    {
                        return Text("error.template.loops", ("max", limits.MaxNestedLoops));
                    }

                    if (f.Source is not MemberExpression || f.Limit is not null || f.Offset is not null)
                    {
                        return Text("error.template.loopSource");
                    }

                    return Expression(f.Source) ?? Block(f.Statements, inner, loops + 1) ?? Block(f.Else?.Statements, inner, loops);
                default:
                    return Text("error.template.tag", ("tag", TagName(statement)));
            }
        }

        private string? Expression(Expression? expression) => expression switch
        {
            null or LiteralExpression => null,
            MemberExpression m when m.Segments.All(s => s is IdentifierSegment) => null,
            MemberExpression => Text("error.template.member"),
            FilterExpression f => Text("error.template.filter", ("filter", f.Name)),
            AndBinaryExpression or OrBinaryExpression or EqualBinaryExpression or NotEqualBinaryExpression or GreaterThanBinaryExpression
                or LowerThanBinaryExpression or ContainsBinaryExpression or StartsWithBinaryExpression or EndsWithBinaryExpression =>
                Expression(((BinaryExpression)expression).Left) ?? Expression(((BinaryExpression)expression).Right),
            _ => Text("error.template.expression"),
        };

        private static string TagName(Statement statement)
        {
            var name = statement.GetType().Name;
            name = name.EndsWith("Statement", StringComparison.Ordinal) ? name[..^"Statement".Length] : name;
            return name.ToLowerInvariant();
        }

        private static string Text(string key, params (string, object?)[] args) => Catalogue.Text(Catalogue.English, key, args);
    }

    /// <summary>Collects the output and stops the render once it is too long or too slow.</summary>
    private sealed class BoundedWriter(TemplateLimits limits) : TextWriter
    {
        private readonly StringBuilder text = new();
        private readonly Stopwatch watch = Stopwatch.StartNew();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            Check(1);
            text.Append(value);
        }

        public override void Write(string? value)
        {
            Check(value?.Length ?? 0);
            text.Append(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Check(count);
            text.Append(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Check(buffer.Length);
            text.Append(buffer);
        }

        public override string ToString() => text.ToString();

        private void Check(int adding)
        {
            if (text.Length + adding > limits.MaxOutputChars)
            {
                throw new TemplateLimitException(Catalogue.Text(Catalogue.English, "error.template.output", ("max", limits.MaxOutputChars)));
            }

            if (watch.Elapsed > limits.MaxTime)
            {
                throw new TemplateLimitException(Catalogue.Text(Catalogue.English, "error.template.time", ("seconds", (int)limits.MaxTime.TotalSeconds)));
            }
        }
    }
}
