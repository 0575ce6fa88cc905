using AktivResept.Server.Common.Security;
using AktivResept.Server.Data.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Npgsql;

namespace AktivResept.Server.Data;

public static class DatabaseModule
{
    /// <summary>
    /// <c>Database:Provider</c> picks PostgreSQL (production) or SQLite (the zero-set-up default of Development);
    /// <c>ConnectionStrings:Default</c> says where. An empty SQLite connection string means a file in the local data folder.
    /// Each provider runs on its compiled model (<c>Data/CompiledModels</c>), so no start builds the model from the
    /// configurations; <c>CompiledModelTests</c> fails when a configuration changes and the models were not regenerated.
    /// EF Core would also find them by their <c>[DbContext]</c> attribute (as it does for the contexts the verbs create);
    /// naming them here says so where the contexts are registered.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseProvider(configuration);
        var connectionString = configuration.GetConnectionString("Default");
        if (provider == Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Default must be set when Database:Provider is PostgreSQL.");
            }

            services.AddDbContextPool<AktivDbContext, PostgresAktivDbContext>(o => o
                .UseNpgsql(Tuned(connectionString))
                .UseModel(CompiledModels.Postgres.PostgresAktivDbContextModel.Instance)
                .MakingDelegatesOnce());
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = $"Data Source={Path.Combine(DevelopmentSecrets.DataFolder, "aktivresept.db")}";
            }

            services.AddDbContextPool<AktivDbContext, SqliteAktivDbContext>(o => o
                .UseSqlite(connectionString)
                .UseModel(CompiledModels.Sqlite.SqliteAktivDbContextModel.Instance)
                .MakingDelegatesOnce());
        }

        return services;
    }

    /// <summary>Query executors that make each closed nested delegate once, not per row (<see cref="DelegatesOnceConstantProcessor"/>).</summary>
    private static DbContextOptionsBuilder MakingDelegatesOnce(this DbContextOptionsBuilder options) =>
#pragma warning disable EF9100 // See DelegatesOnceConstantProcessor.
        options.ReplaceService<ILiftableConstantProcessor, DelegatesOnceConstantProcessor>();
#pragma warning restore EF9100

    /// <summary>
    /// Server-side prepared statements for repeated queries (PostgreSQL then skips parsing and planning), and no
    /// session reset when a pooled connection is returned: we keep no session state. Explicit settings win.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public const string Postgres = "postgres";

    public const string Sqlite = "sqlite";

    /// <summary>
    /// The provider to use. Unset means SQLite, which only Development and tests may rely on: elsewhere
    /// <see cref="Common.Configuration.StartupSettings"/> refuses to start without an explicit choice.
    /// </summary>
    public static string DatabaseProvider(IConfiguration configuration)
    {
        var configured = ConfiguredProvider(configuration) ?? "Sqlite";
        return ProviderOf(configured)
            ?? throw new InvalidOperationException($"Database:Provider is '{configured}'; it must be PostgreSQL or Sqlite.");
    }

    /// <summary><c>Database:Provider</c> as written, or null when it is not set.</summary>
    public static string? ConfiguredProvider(IConfiguration configuration) =>
        configuration["Database:Provider"] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The provider a <c>Database:Provider</c> value names, or null for a value that names none.</summary>
    public static string? ProviderOf(string value) => value.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "npgsql" => Postgres,
        "sqlite" => Sqlite,
        _ => null,
    };

    public static bool IsSqlite(this AktivDbContext db) => db is SqliteAktivDbContext;
}
