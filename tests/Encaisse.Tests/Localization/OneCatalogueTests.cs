using System.Text.RegularExpressions;
using Encaisse.Localization;
using Shouldly;

namespace Encaisse.Tests.Localization;

/// <summary>
/// One catalogue per language (docs/architecture.md): the pages read their texts from <c>fr.json</c> / <c>en.json</c>
/// only, every literal key they ask for is there, and no French/English text table is left in the code.
/// </summary>
public sealed partial class OneCatalogueTests
{
    [Fact]
    public void Every_literal_key_the_pages_ask_for_is_in_the_catalogue()
    {
        var web = Path.Combine(Root(), "src", "Encaisse", "Web");
        var missing = new List<string>();
        var checkedKeys = 0;
        foreach (var file in Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            // Helpers of the file: string L(string key) => Ui.T("import." + key) reads "import.{key}".
            var prefixes = new Dictionary<string, string>(StringComparer.Ordinal) { ["Ui.T"] = "", ["Ui.Text"] = "", ["Ui.S"] = "settings.", ["S(Ui,"] = "settings." };
            foreach (Match helper in Helper().Matches(text))
            {
                var body = helper.Groups["body"].Value;
                if (HelperPrefix().Match(body) is { Success: true } prefix)
                {
                    prefixes[helper.Groups["name"].Value] = prefix.Groups[1].Value;
                }
                else if (body.Contains("Ui.T(key)", StringComparison.Ordinal) || body.Contains("Catalogue.Text(Ui.Lang, key)", StringComparison.Ordinal))
                {
                    prefixes[helper.Groups["name"].Value] = "";
                }
            }

            foreach (Match call in Call().Matches(text))
            {
                var name = call.Groups["name"].Value.Replace(" ", "", StringComparison.Ordinal);
                if (prefixes.TryGetValue(name, out var prefix))
                {
                    checkedKeys++;
                    var key = prefix + call.Groups["key"].Value;
                    if (!Catalogue.Has(key))
                    {
                        missing.Add($"{Path.GetFileName(file)}: {key}");
                    }
                }
            }
        }

        checkedKeys.ShouldBeGreaterThan(700);
        missing.Distinct().ShouldBeEmpty();
    }

    [Fact]
    public void No_text_table_is_left_in_the_code()
    {
        var tables = Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("(string Fr, string En)", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToList();
        tables.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fr", "nav.customers", "Clients")]
    [InlineData("en", "nav.customers", "Customers")]
    [InlineData("fr", "import.title", "Importer un fichier")]
    [InlineData("en", "settings.nav", "Settings")]
    [InlineData("fr", "mention.due-date", "Date d'échéance explicite")]
    [InlineData("en", "mention.due-date", "Due date as an explicit date")]
    public void The_back_office_texts_are_read_from_the_catalogue(string language, string key, string expected) =>
        new Encaisse.Web.BackOffice.Ui { Lang = language }.T(key).ShouldBe(expected);

    [GeneratedRegex("""string (?<name>[A-Z][A-Za-z]*)\(string key[^)]*\) =>(?<body>[^;\n]*)""")]
    private static partial Regex Helper();

    [GeneratedRegex("""^[^"]*"([a-zA-Z.\-]+\.)" \+ key""")]
    private static partial Regex HelperPrefix();

    [GeneratedRegex("""(?<![\w.])(?<name>Ui\.T|Ui\.Text|Ui\.S|S\(Ui,|[A-Z])\(?\s*"(?<key>[a-zA-Z][\w.\-]*)"\s*[,)]""")]
    private static partial Regex Call();

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Encaisse.slnx")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }
}
