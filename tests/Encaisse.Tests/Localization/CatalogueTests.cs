using System.Text.RegularExpressions;
using Encaisse.Ledger;
using Encaisse.Localization;
using Shouldly;

namespace Encaisse.Tests.Localization;

/// <summary>The catalogues: French and English hold the same keys, and every coded error and timeline key the code uses has its text.</summary>
public sealed partial class CatalogueTests
{
    [Fact]
    public void French_and_English_hold_the_same_keys()
    {
        var fr = Catalogue.Keys(Catalogue.French).ToHashSet();
        var en = Catalogue.Keys(Catalogue.English).ToHashSet();
        fr.Except(en).Where(k => !k.StartsWith("word.", StringComparison.Ordinal)).ShouldBeEmpty("missing in English");
        en.Except(fr).ShouldBeEmpty("missing in French");
    }

    [Fact]
    public void Every_error_code_and_timeline_key_in_the_code_has_its_text()
    {
        var source = Path.Combine(Root(), "src");
        var missing = new List<string>();
        var seenTaskTitles = 0;
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("Migrations", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ErrorCode().Matches(text))
            {
                if (!Catalogue.Has("error." + m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetFileName(file)}: error.{m.Groups[1].Value}");
                }
            }

            foreach (Match m in TimelineKey().Matches(text))
            {
                if (!Catalogue.Has("timeline." + m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetFileName(file)}: timeline.{m.Groups[1].Value}");
                }
            }

            foreach (Match m in TaskTitleKey().Matches(text))
            {
                seenTaskTitles++;
                if (!Catalogue.Has("task.title." + m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetFileName(file)}: task.title.{m.Groups[1].Value}");
                }
            }
        }

        missing.ShouldBeEmpty();
        // The task titles Encaisse writes (ADR 1595) are found, so the check above is not vacuous for them.
        seenTaskTitles.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void Every_collections_refusal_is_a_code_with_its_text_in_both_languages()
    {
        // ADR 1172: the collections operations refuse with coded field errors (errors.Add(field, code, data...)) and coded
        // errors; no English sentence is kept as an error's data.
        var folders = new[] { "Disputes", "Promises", "PaymentPlans", "Holds", "Tasks", "Timeline" }
            .Select(f => Path.Combine(Root(), "src", "Encaisse", "Dunning", f)).Append(Path.Combine(Root(), "src", "Encaisse.Core", "Dunning", "PaymentPlans"));
        var problems = new List<string>();
        var added = 0;
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.cs")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in FieldRefusal().Matches(text))
            {
                added++;
                // The code: a literal (or the literals of a condition), or a code handed on (error.Code of a schedule rule).
                foreach (var literal in Literal().Matches(m.Groups[1].Value).Select(l => l.Groups[1].Value))
                {
                    if (!CodeShape().IsMatch(literal))
                    {
                        problems.Add($"{Path.GetFileName(file)}: not a code: {m.Value}");
                    }
                    else if (!Catalogue.Keys(Catalogue.French).Contains("error." + literal) || !Catalogue.Keys(Catalogue.English).Contains("error." + literal))
                    {
                        problems.Add($"{Path.GetFileName(file)}: error.{literal} missing");
                    }
                }
            }

            foreach (var old in new[] { "InvalidRequestException", "ConflictException(", "NotFoundException(", "RequestErrors.Single(" })
            {
                if (text.Contains(old, StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(file)}: {old}");
                }
            }
        }

        added.ShouldBeGreaterThan(40);
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_legal_input_error_code_has_its_text()
    {
        var codes = typeof(Encaisse.Legal.PenaltyErrors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        codes.Count.ShouldBeGreaterThan(10);
        codes.Where(c => !Catalogue.Has("error." + c)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fr", "La facture FA-1 n'a plus que 12,50 € à payer (20,00 € demandés).")]
    [InlineData("en", "Invoice FA-1 has only 12.50 EUR left to pay (20.00 EUR asked).")]
    public void Messages_are_written_in_the_readers_language(string language, string expected) =>
        Catalogue.Text(language, "error.allocation.overSettles", ("invoice", "FA-1"), ("amount", new Money(2000, "EUR")), ("open", new Money(1250, "EUR")))
            .ShouldBe(expected);

    // InvalidField(field, value, code, …): the code is the third argument (a field name is not a code; a code held in a
    // constant, such as PenaltyErrors', is checked by the tests that show its text).
    [GeneratedRegex("""OperationError\.(?:(?:Invalid|NotFound|Conflict|Failed)\((?:"[^"]*", [^,]*, )?|InvalidField\("[^"]*", [^,]*, )"([a-zA-Z.]+)"(?:[,)])""")]
    private static partial Regex ErrorCode();

    [GeneratedRegex("""(?:errors\.Add|new ScheduleError)\([^,]+, ([^,;)]+)""")]
    private static partial Regex FieldRefusal();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Literal();

    [GeneratedRegex("^[a-zA-Z]+(?:\\.[a-zA-Z]+)+$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("TimelineText\\.Of\\(\"([a-zA-Z.]+)\"")]
    private static partial Regex TimelineKey();

    [GeneratedRegex("TaskTitles\\.Of\\(\"([a-zA-Z.]+)\"")]
    private static partial Regex TaskTitleKey();

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
