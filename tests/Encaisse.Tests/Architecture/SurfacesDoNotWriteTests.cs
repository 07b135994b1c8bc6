using System.Text.RegularExpressions;
using Shouldly;

namespace Encaisse.Tests.Architecture;

/// <summary>
/// Surfaces do not write (ADR 1150): a CLI verb, an API route or a page translates its input, calls an operation that
/// owns its writes and maps the operation's result. A scan of the sources under the surface folders (<c>*/Api/*</c>,
/// <c>*/Cli/*</c>, <c>Web/Pages/*</c>) fails on a call that saves or writes in bulk.
/// </summary>
public sealed partial class SurfacesDoNotWriteTests
{
    /// <summary>
    /// Files under a surface folder that may write, each with its reason. Keep it short: a write in a surface is moved
    /// into the operation it belongs to, not added here.
    /// </summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        // Not a surface: the API-key operation itself (issue, list, revoke), shared by the `apikey` verbs, the API and
        // the settings page. It lives beside the API's other plumbing (ApiKeyMiddleware, ResultHttp) in Web/Api.
        ["Web/Api/ApiKeys.cs"] = "the API-key operation (CLI, API and settings page share it)",
    };

    [Fact]
    public void No_surface_file_saves_or_writes_in_bulk()
    {
        var app = Path.Combine(RepositoryRoot(), "src", "Encaisse");
        var surfaces = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(app, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(IsSurface)
            .ToList();
        surfaces.Count.ShouldBeGreaterThan(50, "the scan must find the surfaces (CLI verbs, API routes, pages)");

        var writers = surfaces.Where(f => Write().IsMatch(File.ReadAllText(Path.Combine(app, f)))).Order(StringComparer.Ordinal).ToList();
        var offenders = writers.Where(f => !Exceptions.ContainsKey(f)).ToList();
        offenders.ShouldBeEmpty("surfaces call an operation that owns its writes (ADR 1150); these write themselves: " + string.Join(", ", offenders));
        // The list stays true: an exception that no longer writes (or no longer exists) is removed from it.
        Exceptions.Keys.Except(writers).ShouldBeEmpty("exceptions that no longer write");
    }

    [Theory]
    [InlineData("Dunning/Api/DunningApi.cs", true)]
    [InlineData("Risk/Insurance/Cli/InsuranceCommands.cs", true)]
    [InlineData("Cli/CommandTree.cs", true)]
    [InlineData("Web/Pages/Settings/Plans.cshtml.cs", true)]
    [InlineData("Web/Pages/Portal/Index.cshtml", true)]
    [InlineData("Dunning/Plans/DunningPlanOperations.cs", false)]
    [InlineData("Dunning/Timeline/CollectionActions.cs", false)]
    [InlineData("Web/Portal/PortalActivity.cs", false)]
    [InlineData("Risk/Api.cs", false)]
    public void Surface_folders_are_recognised(string path, bool surface) => IsSurface(path).ShouldBe(surface);

    [Theory]
    [InlineData("await db.SaveChangesAsync(ct);", true)]
    [InlineData("db.SaveChanges();", true)]
    [InlineData("await q.ExecuteDeleteAsync(ct);", true)]
    [InlineData("await q.ExecuteUpdateAsync(s => s.SetProperty(x => x.A, 1), ct);", true)]
    [InlineData("await db.Database.ExecuteSqlRawAsync(sql, ct);", true)]
    [InlineData("// the operation calls SaveChangesAsync once", false)]
    [InlineData("await PlanOperations.SaveAsync(db, input, ct);", false)]
    public void Writes_are_recognised(string line, bool write) => Write().IsMatch(line).ShouldBe(write);

    /// <summary>A path (relative to src/Encaisse, with '/') in a surface folder: a folder named Api or Cli anywhere, or Web/Pages.</summary>
    private static bool IsSurface(string path)
    {
        var folders = path.Split('/')[..^1];
        return folders.Contains("Api") || folders.Contains("Cli") || path.StartsWith("Web/Pages/", StringComparison.Ordinal);
    }

    /// <summary>A call that writes: a save, a bulk update or delete, raw SQL executed.</summary>
    [GeneratedRegex(@"\.\s*(SaveChanges|SaveChangesAsync|ExecuteUpdate|ExecuteUpdateAsync|ExecuteDelete|ExecuteDeleteAsync|ExecuteSqlRaw|ExecuteSqlRawAsync|ExecuteSqlInterpolated|ExecuteSqlInterpolatedAsync|ExecuteSql|ExecuteSqlAsync)\s*[<(]")]
    private static partial Regex Write();

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
