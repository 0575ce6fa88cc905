using System.Text.RegularExpressions;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Data;
using AktivResept.Server.Data.CompiledModels.Postgres;
using AktivResept.Server.Data.CompiledModels.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;

namespace AktivResept.Server.Tests.Data;

/// <summary>
/// The compiled models the app starts with (<c>Data/CompiledModels</c>, which spare every start building the model
/// from the configurations) are exactly what the scaffolder makes from today's configurations: a change to an
/// entity or a configuration without regenerating them fails here, not as a wrong mapping at run time.
/// </summary>
public sealed partial class CompiledModelTests
{
    private const string Regenerate = "regenerate with: dotnet run --project tools/AktivResept.MigrationScaffolder -- --compiled-models";

    public static TheoryData<string> Providers => ["Postgres", "Sqlite"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_committed_compiled_model_is_what_the_configurations_scaffold_to(string provider)
    {
        using var db = Create(provider);
        var committed = Path.Combine(RepositoryRoot(), "src", "AktivResept.Server", "Data", "CompiledModels", provider);
        var scaffolded = Directory.CreateTempSubdirectory("compiled-model-").FullName;
        try
        {
            var files = Scaffolder(db, provider).ScaffoldModel(
                db.GetService<IDesignTimeModel>().Model,
                scaffolded,
                new CompiledModelCodeGenerationOptions
                {
                    ContextType = db.GetType(),
                    ModelNamespace = $"AktivResept.Server.Data.CompiledModels.{provider}",
                    Language = "C#",
                    UseNullableReferenceTypes = true,
                });

            Names(committed).ShouldBe(Names(scaffolded), $"the {provider} compiled model has other files than the configurations make: {Regenerate}");
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                Comparable(Path.Combine(committed, name)).ShouldBe(Comparable(file), $"{provider}/{name} is stale: {Regenerate}");
            }
        }
        finally
        {
            Directory.Delete(scaffolded, recursive: true);
        }
    }

    [Theory]
    [InlineData(DatabaseModule.Postgres, "Host=localhost", typeof(PostgresAktivDbContextModel))]
    [InlineData(DatabaseModule.Sqlite, "Data Source=:memory:", typeof(SqliteAktivDbContextModel))]
    public void The_app_runs_each_provider_on_its_compiled_model(string provider, string connection, Type compiledModel)
    {
        var services = new ServiceCollection().AddDatabase(Configuration(provider, connection)).BuildServiceProvider();
        using var scope = services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AktivDbContext>().Model;

        model.GetType().ShouldBe(compiledModel);
        model.FindEntityType(typeof(Prescription)).ShouldNotBeNull();
    }

    private static IConfiguration Configuration(string provider, string connection) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = provider, ["ConnectionStrings:Default"] = connection })
        .Build();

    private static ICompiledModelScaffolder Scaffolder(AktivDbContext db, string provider)
    {
        var services = new ServiceCollection();
        services.AddEntityFrameworkDesignTimeServices();
        services.AddDbContextDesignTimeServices(db);
        // EF1001: the providers' design-time services are "internal" APIs; scaffolding is exactly what they exist for.
#pragma warning disable EF1001
        IDesignTimeServices providerServices = provider == "Sqlite"
            ? new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices()
            : new NpgsqlDesignTimeServices();
#pragma warning restore EF1001
        providerServices.ConfigureDesignTimeServices(services);
        return services.BuildServiceProvider().GetRequiredService<ICompiledModelScaffolder>();
    }

    // Each scaffold draws a new random model id; everything else is a function of the configurations.
    private static string Comparable(string file) =>
        ModelId().Replace(File.ReadAllText(file), "modelId: new Guid(\"…\")");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]{36}"\)""")]
    private static partial Regex ModelId();

    private static string[] Names(string directory) =>
        [.. Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static AktivDbContext Create(string provider) => provider == "Sqlite"
        ? new SqliteAktivDbContext(new DbContextOptionsBuilder<SqliteAktivDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresAktivDbContext(new DbContextOptionsBuilder<PostgresAktivDbContext>().UseNpgsql("Host=localhost").Options);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AktivResept.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AktivResept.slnx was not found above the test's directory.");
    }
}
