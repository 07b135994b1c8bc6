using Encaisse.Storage;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

// Scaffolds an EF Core migration for both providers from the current model.
//   dotnet run --project tools/Encaisse.MigrationTool -- add NAME
// tools/reset-migrations.sh drops all migrations and scaffolds "Initial" (only before a first release).
if (args.Length < 2 || args[0] != "add")
{
    Console.Error.WriteLine("usage: add NAME");
    return 2;
}

var root = FindRepositoryRoot();
var projectDir = Path.Combine(root, "src", "Encaisse");
var name = args[1];
foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
{
    var folder = Path.Combine(projectDir, "Storage", "Migrations", provider.ToString());
    var target = provider == DatabaseProvider.Sqlite
        ? new DatabaseTarget(provider, "Data Source=:memory:")
        : new DatabaseTarget(provider, "Host=localhost;Database=scaffold");
    await using var db = new DatabaseFactory(target).CreateWithoutOpening();
    var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
    if (provider == DatabaseProvider.Sqlite)
    {
        new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
    }
    else
    {
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
    }

    var scaffolder = services.BuildServiceProvider().GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, "Encaisse", "Storage.Migrations." + provider, "C#");
    var files = scaffolder.Save(projectDir, migration, folder);
    Console.WriteLine($"{provider}: {files.MigrationFile}");
}

return 0;

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Encaisse.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
