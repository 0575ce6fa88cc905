using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;

// Scaffolds a migration for both providers from the current model, or regenerates both compiled models (run after
// any model change; CompiledModelTests fails until they match the configurations):
//   dotnet run --project tools/AktivResept.MigrationScaffolder -- <MigrationName>
//   dotnet run --project tools/AktivResept.MigrationScaffolder -- --compiled-models
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: AktivResept.MigrationScaffolder <MigrationName> | --compiled-models");
    return 2;
}

var serverProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/AktivResept.Server"));
var contexts = new (AktivDbContext Context, IDesignTimeServices Provider, string Folder)[]
{
    (new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql("Host=localhost").Options),
        new NpgsqlDesignTimeServices(), "Postgres"),
    (new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite("Data Source=:memory:").Options),
        new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite"),
};

foreach (var (context, provider, folder) in contexts)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(context);
    provider.ConfigureDesignTimeServices(services);
    var designServices = services.BuildServiceProvider();
    if (args[0] == "--compiled-models")
    {
        var outputDir = Path.Combine(serverProject, "Data", "CompiledModels", folder);
        if (Directory.Exists(outputDir))
        {
            Directory.Delete(outputDir, recursive: true);
        }

        var files = designServices.GetRequiredService<ICompiledModelScaffolder>().ScaffoldModel(
            context.GetService<IDesignTimeModel>().Model,
            outputDir,
            new CompiledModelCodeGenerationOptions
            {
                ContextType = context.GetType(),
                ModelNamespace = $"AktivResept.Server.Data.CompiledModels.{folder}",
                Language = "C#",
                UseNullableReferenceTypes = true,
            });
        Console.WriteLine($"{folder}: {files.Count} files in {outputDir}");
    }
    else
    {
        var scaffolder = designServices.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(args[0], "AktivResept.Server", $"Data.Migrations.{folder}", "C#");
        var files = scaffolder.Save(serverProject, migration, Path.Combine(serverProject, "Data", "Migrations", folder));
        Console.WriteLine($"{folder}: {files.MigrationFile}");
    }

    await context.DisposeAsync();
}

return 0;
