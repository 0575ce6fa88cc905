using AktivResept.Server.Common.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AktivResept.Server.Data;

public static class DatabaseModule
{
    /// <summary>
    /// <c>Database:Provider</c> picks PostgreSQL (production) or SQLite (the zero-set-up default);
    /// <c>ConnectionStrings:Default</c> says where. An empty SQLite connection string means a file in the local data folder.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseProvider(configuration);
        var connectionString = configuration.GetConnectionString("Default");
        if (provider == "postgres")
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Default must be set when Database:Provider is PostgreSQL.");
            }

            services.AddDbContextPool<AktivDbContext, PostgresAktivDbContext>(o => o.UseNpgsql(Tuned(connectionString)));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = $"Data Source={Path.Combine(DevelopmentSecrets.DataFolder, "aktivresept.db")}";
            }

            services.AddDbContextPool<AktivDbContext, SqliteAktivDbContext>(o => o.UseSqlite(connectionString));
        }

        return services;
    }

    /// <summary>
    /// Server-side prepared statements for repeated queries (PostgreSQL then skips parsing and planning), and no
    /// session reset when a pooled connection is returned: we keep no session state. Explicit settings win.
    /// </summary>
    private static string Tuned(string connectionString)
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

    public static string DatabaseProvider(IConfiguration configuration) =>
        (configuration["Database:Provider"] ?? "Sqlite").Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" or "npgsql" => "postgres",
            _ => "sqlite",
        };

    public static bool IsSqlite(this AktivDbContext db) => db is SqliteAktivDbContext;
}
