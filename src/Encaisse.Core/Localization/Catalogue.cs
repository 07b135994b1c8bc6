using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Encaisse.Ledger;

namespace Encaisse.Localization;

/// <summary>A word from the vocabulary (an enum value such as a dispute reason), shown as <c>word.{Value}</c> of the catalogue.</summary>
public sealed record Word(string Value)
{
    /// <summary>The camelCase word of an enum value.</summary>
    public static Word Of<T>(T value) where T : struct, Enum => new(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
}

/// <summary>Another message inserted in this one; its arguments are named "thisArgument.name".</summary>
public sealed record Nested(string Key);

/// <summary>
/// The texts people read, one catalogue per language (<c>Localization/fr.json</c>, <c>Localization/en.json</c>, embedded): a key and a
/// template with named placeholders. <c>{name}</c> is replaced by the argument written in the language (money
/// <c>1 234,56 €</c> / <c>1234.56 EUR</c>, dates <c>dd/MM/yyyy</c> / <c>yyyy-MM-dd</c>, <see cref="Word"/>s from the
/// vocabulary, <see cref="Nested"/> messages, lists joined with commas); <c>{?name}</c> adds <c>" : value"</c> only when
/// the argument is not empty. French is the default; a key missing in English falls back to French.
/// </summary>
public static class Catalogue
{
    public const string French = "fr";
    public const string English = "en";

    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly Dictionary<string, string> Fr = Load("fr");
    private static readonly Dictionary<string, string> En = Load("en");

    /// <summary>"en" for English, "fr" for anything else.</summary>
    public static string Language(string? language) =>
        language is not null && language.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : French;

    public static bool Has(string key) => Fr.ContainsKey(key);

    /// <summary>Every key of a language (tests check both catalogues hold the same keys).</summary>
    public static IReadOnlyCollection<string> Keys(string language) => Language(language) == English ? En.Keys : Fr.Keys;

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> with its arguments; the key itself when unknown.</summary>
    public static string Text(string? language, string key, IReadOnlyDictionary<string, object?>? args = null)
    {
        var english = Language(language) == English;
        var template = Template(key, english);
        return template is null ? key : Fill(template, args ?? Empty, english);
    }

    public static string Text(string? language, string key, params (string Name, object? Value)[] args) =>
        Text(language, key, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    /// <summary>One argument written in the language (money, date, word, number, list).</summary>
    public static string Format(object? value, string? language) => Value(value, Empty, "", Language(language) == English);

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();

    private static string? Template(string key, bool english) =>
        english && En.TryGetValue(key, out var en) ? en : Fr.GetValueOrDefault(key);

    private static string Fill(string template, IReadOnlyDictionary<string, object?> args, bool english)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            var optional = name.StartsWith('?');
            name = optional ? name[1..] : name;
            var value = Value(args.GetValueOrDefault(name), args, name, english);
            if (!optional)
            {
                result.Append(value);
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                result.Append(english ? ": " : " : ").Append(value);
            }

            i = close + 1;
        }

        return result.ToString();
    }

    private static string Value(object? value, IReadOnlyDictionary<string, object?> args, string name, bool english) => value switch
    {
        null => "",
        string s => s,
        Money m => english ? m.ToString() : Currencies.FormatFrench(m.Minor, m.Currency),
        DateOnly d => english ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("dd/MM/yyyy", FrenchCulture),
        Word w => (english ? En : Fr).GetValueOrDefault("word." + w.Value) ?? (english ? Spaced(w.Value) : w.Value),
        Nested n => Template(n.Key, english) is { } nested ? Fill(nested, ArgumentsOf(args, name), english) : "",
        decimal number => number.ToString(english ? CultureInfo.InvariantCulture : FrenchCulture),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        System.Collections.IEnumerable list => string.Join(", ", list.Cast<object?>().Select(x => Value(x, args, name, english))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static Dictionary<string, object?> ArgumentsOf(IReadOnlyDictionary<string, object?> args, string prefix)
    {
        var nested = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, node) in args)
        {
            if (key.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                nested[key[(prefix.Length + 1)..]] = node;
            }
        }

        return nested;
    }

    /// <summary>camelCase → words ("notReceived" → "not received"), for a word the catalogue does not name.</summary>
    private static string Spaced(string value) =>
        string.Concat(value.Select((ch, i) => char.IsUpper(ch) && i > 0 ? " " + char.ToLowerInvariant(ch) : ch.ToString()));

    private static Dictionary<string, string> Load(string language)
    {
        using var stream = typeof(Catalogue).Assembly.GetManifestResourceStream($"Encaisse.Localization.{language}.json")
            ?? throw new InvalidOperationException($"The {language} catalogue is not embedded.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
    }
}
