using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AktivResept.Server.Data.Migrations;

/// <summary>
/// The data step of the ContractsAndKpis migration, shared by both providers' migrations: a contract made before
/// versions existed becomes Active with an active version 1 holding the co-financing share it had.
/// </summary>
internal static class ContractsAndKpisData
{
    public const string Postgres = """
        UPDATE "Contracts" SET "Status" = 'Active', "StatusChangedAt" = now(), "StatusChangedBy" = 'migration',
            "CreatedAt" = now(), "CreatedBy" = 'migration'
        WHERE "Status" = '';
        INSERT INTO "ContractVersions" ("Id", "ContractId", "Number", "Status", "ValidFrom", "ValidTo", "CoFinancingShare",
            "CreatedAt", "CreatedBy", "ActivatedAt", "ActivatedBy", "ContentActivityTypes", "TrainerCompetence")
        SELECT gen_random_uuid(), "Id", 1, 'Active', "ValidFrom", "ValidTo", "CoFinancingShare",
            now(), 'migration', now(), 'migration', '{}', NULL
        FROM "Contracts";
        """;

    /// <summary>SQLite stores instants through <see cref="DateTimeOffsetToBinaryConverter"/>, so "now" is a literal.</summary>
    public static string Sqlite()
    {
        var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        return $"""
            UPDATE "Contracts" SET "Status" = 'Active', "StatusChangedAt" = {now}, "StatusChangedBy" = 'migration',
                "CreatedAt" = {now}, "CreatedBy" = 'migration'
            WHERE "Status" = '';
            INSERT INTO "ContractVersions" ("Id", "ContractId", "Number", "Status", "ValidFrom", "ValidTo", "CoFinancingShare",
                "CreatedAt", "CreatedBy", "ActivatedAt", "ActivatedBy", "ContentActivityTypes", "TrainerCompetence")
            SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' ||
                    hex(randomblob(2)) || '-' || hex(randomblob(6))),
                "Id", 1, 'Active', "ValidFrom", "ValidTo", "CoFinancingShare",
                {now}, 'migration', {now}, 'migration', '[]', NULL
            FROM "Contracts";
            """;
    }
}
