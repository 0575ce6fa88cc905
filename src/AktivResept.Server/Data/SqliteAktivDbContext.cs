using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AktivResept.Server.Data;

public sealed class SqliteAktivDbContext(DbContextOptions<SqliteAktivDbContext> options) : AktivDbContext(options)
{
    /// <summary>SQLite cannot order or compare DateTimeOffset text; store instants as sortable binary numbers.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}
