using System.Reflection;
using Encaisse.Ledger;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;
using Shouldly;

namespace Encaisse.Tests.Architecture;

/// <summary>
/// The seams of docs/architecture.md, checked on the compiled assemblies: the pure core knows nothing of the application;
/// surfaces (CLI verbs, API endpoints, pages) are reached by nobody else; one file of the application constructs
/// allocations, the ledger's allocation operation.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Allocation).Assembly;
    private static readonly Assembly App = typeof(LedgerAllocations).Assembly;

    [Fact]
    public void The_core_references_nothing_of_the_application_nor_of_infrastructure()
    {
        var result = Types.InAssembly(Core).ShouldNot()
            .HaveDependencyOnAny("Encaisse.Storage", "Encaisse.Cli", "Encaisse.Web", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql",
                "Microsoft.Data.Sqlite", "System.Net.Http", "MailKit")
            .GetResult();
        result.IsSuccessful.ShouldBeTrue(Offenders(result));
        Core.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain(App.GetName().Name);
    }

    [Fact]
    public void Only_surfaces_reference_surfaces()
    {
        var surfaces = App.GetTypes().Where(IsSurface).Select(t => t.FullName!).Where(n => !n.Contains('<', StringComparison.Ordinal)).ToArray();
        surfaces.Length.ShouldBeGreaterThan(20);
        var result = Types.InAssembly(App).That().DoNotResideInNamespace("Encaisse.Cli").And().DoNotResideInNamespace("Encaisse.Web")
            .And().DoNotHaveNameEndingWith("Api").And().DoNotHaveNameEndingWith("Commands").And().DoNotHaveNameEndingWith("Command")
            .And().DoNotHaveNameEndingWith("Cli").And().DoNotHaveNameMatching(@"^Program$")
            // The generated SQLite model describes every entity, the web's own (users, API keys) included (ADR 1101).
            .And().DoNotResideInNamespace("Encaisse.Storage.CompiledModel")
            .ShouldNot().HaveDependencyOnAny(surfaces)
            .GetResult();
        var offenders = (result.FailingTypeNames ?? []).Where(n => !IsSurfaceName(n)).ToList();
        offenders.ShouldBeEmpty("operations and storage must not call CLI verbs, API endpoints or pages: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Only_the_ledgers_allocation_operation_constructs_an_allocation()
    {
        var constructors = new List<string>();
        using var app = ModuleDefinition.ReadModule(App.Location);
        using var core = ModuleDefinition.ReadModule(Core.Location);
        foreach (var type in app.GetTypes().Concat(core.GetTypes()))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                if (method.Body.Instructions.Any(i => i.OpCode == OpCodes.Newobj && i.Operand is MethodReference ctor
                        && ctor.DeclaringType.FullName == typeof(Allocation).FullName))
                {
                    constructors.Add(Outer(type).FullName);
                }
            }
        }

        // The demo generator builds its history in memory before the bulk load; nothing else, not even the claim rule
        // (it deducts credits as Settlement values), makes an allocation. The plain-SQL reader of positions (ADR 1170)
        // materialises allocations read from the database, as EF does for the other reads: it writes none.
        constructors.Distinct().Order(StringComparer.Ordinal).ShouldBe(
            new[] { typeof(LedgerAllocations).FullName!, typeof(Encaisse.Demo.DemoPortfolio).FullName!, typeof(Encaisse.Ledger.Storage.PositionReader).FullName! }
                .Order(StringComparer.Ordinal));
        // Set-based writers (imports) go through the same class: no other SQL inserts into allocations.
        var source = Path.Combine(RepositoryRoot(), "src");
        var writers = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && File.ReadAllText(f).Contains("INSERT INTO allocations", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetFileName(f)).ToList();
        writers.ShouldBe(["LedgerAllocations.cs"]);
    }

    [Fact]
    public void No_statement_of_the_application_changes_a_pooled_session()
    {
        // PostgreSQL connections go back to the pool without a reset (ADR 1555): a session setting would outlive the
        // request on the next user of the connection. Settings belong in DatabaseFactory.SessionOptions, or in SET LOCAL
        // inside a transaction.
        var source = Path.Combine(RepositoryRoot(), "src");
        var sessionSet = new System.Text.RegularExpressions.Regex(@"(""|;)\s*SET\s+(?!LOCAL\b)((SESSION\s+)?[a-z_.]+\s*(=|TO\b)|SESSION\s+AUTHORIZATION\b|ROLE\b)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var found = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(x => sessionSet.IsMatch(x.Text))
            .Select(x => $"{Path.GetRelativePath(source, x.File)}:{x.Line}: {x.Text.Trim()}")
            .ToList();
        found.ShouldBeEmpty();
    }

    private static TypeDefinition Outer(TypeDefinition type) => type.DeclaringType is { } outer ? Outer(outer) : type;

    private static bool IsSurface(Type type) => IsSurfaceName(type.FullName ?? "");

    /// <summary>CLI verbs, API endpoints and pages: the Cli and Web namespaces, *.Api / *.Cli namespaces, *Api / *Commands / *Cli classes.</summary>
    private static bool IsSurfaceName(string fullName)
    {
        var outer = fullName.Split('+', '/')[0];
        var name = outer[(outer.LastIndexOf('.') + 1)..];
        return outer.StartsWith("Encaisse.Cli.", StringComparison.Ordinal) || outer.StartsWith("Encaisse.Web.", StringComparison.Ordinal)
            || outer.Contains(".Api.", StringComparison.Ordinal) || outer.Contains(".Cli.", StringComparison.Ordinal)
            || name.EndsWith("Api", StringComparison.Ordinal) || name.EndsWith("Commands", StringComparison.Ordinal)
            || name.EndsWith("Command", StringComparison.Ordinal) || name.EndsWith("Cli", StringComparison.Ordinal) || outer == "Program";
    }

    private static string Offenders(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Encaisse.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Encaisse.slnx not found above the test binaries.");
    }
}
