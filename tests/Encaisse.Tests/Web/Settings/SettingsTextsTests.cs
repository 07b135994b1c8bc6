using System.Text.RegularExpressions;
using Encaisse.Localization;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Settings;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>Every text the settings pages ask for exists in French and English.</summary>
public sealed partial class SettingsTextsTests
{
    [Fact]
    public void Every_literal_key_used_by_the_settings_pages_has_both_languages()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory!.FullName, "src", "Encaisse", "Web", "Pages", "Settings");
        var used = Directory.GetFiles(folder, "*.cs*")
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .Distinct().ToList();
        used.Count.ShouldBeGreaterThan(100);
        // Ui.S("key") reads settings.{key}; other literals are catalogue keys read as they are (Catalogue.Text(Ui.Lang, key)).
        used.Where(k => !Catalogue.Has("settings." + k) && !Catalogue.Has(k)).ShouldBeEmpty();
        new Ui { Lang = "en" }.S("nav").ShouldBe("Settings");
        new Ui { Lang = "fr" }.S("nav").ShouldBe("Paramètres");
    }

    // Ui.S("key") and the company page's Field(..., "label", ..., "hint") arguments.
    [GeneratedRegex("(?:S\\(|, )\"([a-z][A-Za-z]*\\.[A-Za-z.\\-]+)\"")]
    private static partial Regex Literal();
}
