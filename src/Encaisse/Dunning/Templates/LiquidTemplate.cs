using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Encaisse.Dunning.Templates;

/// <summary>
/// The Liquid subset dunning templates use: <c>{{ a.b }}</c> output (HTML-encoded for e-mail), <c>{% if x %}</c>
/// <c>{% else %}</c> <c>{% endif %}</c>, <c>{% for i in list %}</c> <c>{% endfor %}</c>. Written here because Fluid.Core
/// 2.41.1 cannot load against the only Parlot on our mirror (2.2.1): see docs/adr/0350-liquid-subset-templates.md.
/// Templates stay valid Liquid, so moving to Fluid later changes no template.
/// </summary>
public sealed class LiquidTemplate
{
    private readonly List<Node> nodes;

    private LiquidTemplate(List<Node> nodes) => this.nodes = nodes;

    public static bool TryParse(string source, out LiquidTemplate? template, out string? error)
    {
        try
        {
            var position = 0;
            var nodes = ParseBlock(source, ref position, out var end);
            if (end is not null)
            {
                throw new FormatException($"unexpected {{% {end} %}} at position {position}");
            }

            template = new LiquidTemplate(nodes);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            template = null;
            error = e.Message;
            return false;
        }
    }

    public string Render(IReadOnlyDictionary<string, object?> variables, TextEncoder? encoder)
    {
        var sb = new StringBuilder();
        var scope = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        Write(nodes, scope, encoder, sb);
        return sb.ToString();
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record OutputNode(string Path) : Node;

    private sealed record IfNode(string Path, bool Negate, List<Node> Then, List<Node> Else) : Node;

    private sealed record ForNode(string Variable, string Path, List<Node> Body) : Node;

    private static List<Node> ParseBlock(string s, ref int i, out string? endTag)
    {
        var list = new List<Node>();
        while (i < s.Length)
        {
            var open = s.IndexOf('{', i);
            while (open >= 0 && open + 1 < s.Length && s[open + 1] is not ('{' or '%'))
            {
                open = s.IndexOf('{', open + 1);
            }

            if (open < 0 || open + 1 >= s.Length)
            {
                list.Add(new TextNode(s[i..]));
                i = s.Length;
                break;
            }

            if (open > i)
            {
                list.Add(new TextNode(s[i..open]));
            }

            var isOutput = s[open + 1] == '{';
            var close = s.IndexOf(isOutput ? "}}" : "%}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"unclosed {(isOutput ? "{{" : "{%")} at position {open}");
            }

            var inner = s[(open + 2)..close].Trim();
            i = close + 2;
            if (isOutput)
            {
                list.Add(new OutputNode(CheckPath(inner, open)));
                continue;
            }

            var words = inner.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words.FirstOrDefault())
            {
                case "if" or "unless" when words.Length == 2:
                {
                    var then = ParseBlock(s, ref i, out var end);
                    var otherwise = new List<Node>();
                    if (end == "else")
                    {
                        otherwise = ParseBlock(s, ref i, out end);
                    }

                    if (end is not ("endif" or "endunless"))
                    {
                        throw new FormatException($"{{% {words[0]} %}} at position {open} is not closed");
                    }

                    list.Add(new IfNode(CheckPath(words[1], open), words[0] == "unless", then, otherwise));
                    break;
                }

                case "for" when words.Length == 4 && words[2] == "in":
                {
                    var body = ParseBlock(s, ref i, out var end);
                    if (end != "endfor")
                    {
                        throw new FormatException($"{{% for %}} at position {open} is not closed");
                    }

                    list.Add(new ForNode(words[1], CheckPath(words[3], open), body));
                    break;
                }

                case "else" or "endif" or "endunless" or "endfor" when words.Length == 1:
                    endTag = words[0];
                    return list;
                default:
                    throw new FormatException($"unknown tag {{% {inner} %}} at position {open}");
            }
        }

        endTag = null;
        return list;
    }

    private static string CheckPath(string path, int position) =>
        path.Length > 0 && path.All(c => char.IsLetterOrDigit(c) || c is '_' or '.')
            ? path
            : throw new FormatException($"'{path}' at position {position} is not a variable name (filters are not supported)");

    private static void Write(List<Node> nodes, Dictionary<string, object?> scope, TextEncoder? encoder, StringBuilder sb)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    break;
                case OutputNode o:
                    var text = Format(Resolve(scope, o.Path));
                    sb.Append(encoder is null ? text : encoder.Encode(text));
                    break;
                case IfNode f:
                    Write(Truthy(Resolve(scope, f.Path)) != f.Negate ? f.Then : f.Else, scope, encoder, sb);
                    break;
                case ForNode loop when Resolve(scope, loop.Path) is IEnumerable items and not string:
                    var saved = scope.TryGetValue(loop.Variable, out var previous);
                    foreach (var item in items)
                    {
                        scope[loop.Variable] = item;
                        Write(loop.Body, scope, encoder, sb);
                    }

                    if (saved)
                    {
                        scope[loop.Variable] = previous;
                    }
                    else
                    {
                        scope.Remove(loop.Variable);
                    }

                    break;
            }
        }
    }

    private static object? Resolve(Dictionary<string, object?> scope, string path)
    {
        object? current = scope;
        foreach (var part in path.Split('.'))
        {
            current = current switch
            {
                IReadOnlyDictionary<string, object?> d => d.TryGetValue(part, out var v) ? v : null,
                IDictionary<string, object?> d => d.TryGetValue(part, out var v) ? v : null,
                _ => null,
            };
        }

        return current;
    }

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        _ => true,
    };

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
