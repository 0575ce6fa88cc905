using Microsoft.Data.Sqlite;

namespace AktivResept.Server.Tests.Infrastructure;

/// <summary>The app on the embedded SQLite provider (what <c>dotnet run</c> uses), in its own file per fixture.</summary>
public sealed class SqliteApiFactory : AktivApiFactory
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"aktiv-{Guid.NewGuid():N}.db");

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Default"] = $"Data Source={_file}",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        GC.SuppressFinalize(this);
    }
}
