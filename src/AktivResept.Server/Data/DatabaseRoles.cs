using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

/// <summary>
/// PostgreSQL runs with two roles: the owner, which runs migrations (<c>ConnectionStrings:Owner</c>) and owns every
/// table, and the application's role (<c>Database:AppRole</c>, the user of <c>ConnectionStrings:Default</c>), which may
/// read and write the data but only INSERT and SELECT the audit log, its seals and month closings, and has no USAGE on
/// the schema <c>audit</c> that holds their partitions (reached only through the parents); attendance's partitions
/// (schema <c>attendance</c>) are likewise reached only through their parent. <c>migrate</c> applies these grants
/// after every migration, so new tables are covered too.
/// </summary>
public static partial class DatabaseRoles
{
    /// <summary>The tables the application may only append to and read.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables = ["AuditRecords", "AuditSeals", "AuditMonthSeals"];

    public const string AppRoleSetting = "Database:AppRole";

    public const string OwnerConnectionName = "Owner";

    public static bool IsValidRoleName(string role) => RoleName().IsMatch(role);

    public static async Task GrantAppRoleAsync(AktivDbContext owner, string role, CancellationToken ct)
    {
        if (!IsValidRoleName(role))
        {
            throw new ArgumentException($"'{role}' is not a plain PostgreSQL role name.", nameof(role));
        }

        var quoted = $"\"{role}\"";
        var appendOnly = string.Join(", ", AppendOnlyTables.Select(t => $"\"{t}\""));
        // Identifiers cannot be parameters; the role name is checked above and the table names are ours.
#pragma warning disable EF1002
        await owner.Database.ExecuteSqlRawAsync(
            $"""
            GRANT USAGE ON SCHEMA public TO {quoted};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted};
            REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {appendOnly} FROM {quoted};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM {quoted};
            REVOKE ALL ON SCHEMA audit FROM {quoted};
            REVOKE ALL ON SCHEMA attendance FROM {quoted};
            """,
            ct);
#pragma warning restore EF1002
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
