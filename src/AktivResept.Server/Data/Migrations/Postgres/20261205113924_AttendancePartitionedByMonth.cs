using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Attendance partitioned by UTC month of <c>OccurredAt</c> (docs/security.md "Partitions", issue 19), written by hand
    /// like <c>AuditPartitionedByMonth</c>: a new partitioned <c>AttendanceRecords</c> (primary key (Id, OccurredAt), the
    /// partition key in it), partitions in the schema <c>attendance</c> from the oldest row's month to three months ahead
    /// and a DEFAULT partition, the rows moved over with their ids and writing-transaction ids, every index recreated on
    /// the parent. The unique index on (SourceId, ExternalId) cannot exist on a partitioned table, so event-id uniqueness
    /// moves to the plain table <c>AttendanceEventKeys</c>, filled from the existing rows ("Event-id uniqueness under
    /// partitioning"). Runs as the owner; the app role gets nothing on schema <c>attendance</c> and reaches the rows
    /// through the parent.
    /// </summary>
    public partial class AttendancePartitionedByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(
                """
                CREATE SCHEMA IF NOT EXISTS attendance;

                ALTER TABLE "AttendanceRecords" RENAME TO "AttendanceRecords_unpartitioned";
                ALTER TABLE "AttendanceRecords_unpartitioned" RENAME CONSTRAINT "PK_AttendanceRecords" TO "PK_AttendanceRecords_unpartitioned";
                DROP INDEX "IX_AttendanceRecords_ParticipantId_OccurredAt";
                DROP INDEX "IX_AttendanceRecords_PrescriptionId_OccurredAt";
                DROP INDEX "IX_AttendanceRecords_ProviderId_OccurredAt";
                DROP INDEX "IX_AttendanceRecords_ProviderId_Reconciliation_ReceivedAt";
                DROP INDEX "IX_AttendanceRecords_SourceId_ExternalId";
                DROP INDEX "IX_AttendanceRecords_TrainerId_OccurredAt";
                DROP INDEX "IX_AttendanceRecords_WrittenInTx";

                CREATE TABLE "AttendanceRecords" (
                    "Id" uuid NOT NULL,
                    "ProviderId" uuid NOT NULL,
                    "Source" character varying(10) NOT NULL,
                    "SourceId" uuid NOT NULL,
                    "ExternalId" character varying(100) NOT NULL,
                    "Kind" character varying(20) NOT NULL,
                    "OccurredAt" timestamp with time zone NOT NULL,
                    "LocationId" uuid,
                    "MemberRef" character varying(100),
                    "ParticipantId" uuid,
                    "PrescriptionId" uuid,
                    "TrainerId" uuid,
                    "DurationMinutes" integer,
                    "Service" character varying(20),
                    "ReceivedAt" timestamp with time zone NOT NULL,
                    "Reconciliation" character varying(10) NOT NULL,
                    "ReconciliationNote" character varying(500),
                    "ResolvedAt" timestamp with time zone,
                    "ResolvedBy" character varying(100),
                    "WrittenInTx" bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
                    CONSTRAINT "PK_AttendanceRecords" PRIMARY KEY ("Id", "OccurredAt")
                ) PARTITION BY RANGE ("OccurredAt");
                CREATE TABLE attendance."AttendanceRecords_default" PARTITION OF "AttendanceRecords" DEFAULT;

                DO $$
                DECLARE
                    m date;
                    last date;
                BEGIN
                    m := date_trunc('month', least(coalesce((SELECT min("OccurredAt") FROM "AttendanceRecords_unpartitioned"), now()), now()) AT TIME ZONE 'UTC')::date;
                    last := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date;
                    WHILE m <= last LOOP
                        EXECUTE format('CREATE TABLE attendance.%I PARTITION OF "AttendanceRecords" FOR VALUES FROM (%L) TO (%L)',
                            'AttendanceRecords_' || to_char(m, 'YYYY_MM'), m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
                        m := (m + interval '1 month')::date;
                    END LOOP;
                END $$;

                -- Rows keep their writing transaction's id: the adherence watermark has passed them already.
                INSERT INTO "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                    "ParticipantId", "PrescriptionId", "TrainerId", "DurationMinutes", "Service", "ReceivedAt", "Reconciliation", "ReconciliationNote",
                    "ResolvedAt", "ResolvedBy", "WrittenInTx")
                SELECT "Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                    "ParticipantId", "PrescriptionId", "TrainerId", "DurationMinutes", "Service", "ReceivedAt", "Reconciliation", "ReconciliationNote",
                    "ResolvedAt", "ResolvedBy", "WrittenInTx"
                FROM "AttendanceRecords_unpartitioned";

                CREATE TABLE "AttendanceEventKeys" (
                    "SourceId" uuid NOT NULL,
                    "ExternalId" character varying(100) NOT NULL,
                    "AttendanceRecordId" uuid NOT NULL,
                    CONSTRAINT "PK_AttendanceEventKeys" PRIMARY KEY ("SourceId", "ExternalId")
                );
                INSERT INTO "AttendanceEventKeys" ("SourceId", "ExternalId", "AttendanceRecordId")
                SELECT "SourceId", "ExternalId", "Id" FROM "AttendanceRecords_unpartitioned";
                DROP TABLE "AttendanceRecords_unpartitioned";

                CREATE INDEX "IX_AttendanceRecords_ParticipantId_OccurredAt" ON "AttendanceRecords" ("ParticipantId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_PrescriptionId_OccurredAt" ON "AttendanceRecords" ("PrescriptionId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_ProviderId_OccurredAt" ON "AttendanceRecords" ("ProviderId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_ProviderId_Reconciliation_ReceivedAt" ON "AttendanceRecords" ("ProviderId", "Reconciliation", "ReceivedAt") WHERE "Reconciliation" = 'Pending';
                CREATE INDEX "IX_AttendanceRecords_TrainerId_OccurredAt" ON "AttendanceRecords" ("TrainerId", "OccurredAt") WHERE "TrainerId" IS NOT NULL;
                CREATE INDEX "IX_AttendanceRecords_WrittenInTx" ON "AttendanceRecords" ("WrittenInTx");
                """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(
                """
                CREATE TABLE "AttendanceRecords_plain" (LIKE "AttendanceRecords" INCLUDING DEFAULTS);
                INSERT INTO "AttendanceRecords_plain" SELECT * FROM "AttendanceRecords";
                DROP TABLE "AttendanceRecords";
                DROP TABLE "AttendanceEventKeys";
                DROP SCHEMA attendance;
                ALTER TABLE "AttendanceRecords_plain" RENAME TO "AttendanceRecords";
                ALTER TABLE "AttendanceRecords" ADD CONSTRAINT "PK_AttendanceRecords" PRIMARY KEY ("Id");
                CREATE INDEX "IX_AttendanceRecords_ParticipantId_OccurredAt" ON "AttendanceRecords" ("ParticipantId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_PrescriptionId_OccurredAt" ON "AttendanceRecords" ("PrescriptionId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_ProviderId_OccurredAt" ON "AttendanceRecords" ("ProviderId", "OccurredAt");
                CREATE INDEX "IX_AttendanceRecords_ProviderId_Reconciliation_ReceivedAt" ON "AttendanceRecords" ("ProviderId", "Reconciliation", "ReceivedAt") WHERE "Reconciliation" = 'Pending';
                CREATE UNIQUE INDEX "IX_AttendanceRecords_SourceId_ExternalId" ON "AttendanceRecords" ("SourceId", "ExternalId");
                CREATE INDEX "IX_AttendanceRecords_TrainerId_OccurredAt" ON "AttendanceRecords" ("TrainerId", "OccurredAt") WHERE "TrainerId" IS NOT NULL;
                CREATE INDEX "IX_AttendanceRecords_WrittenInTx" ON "AttendanceRecords" ("WrittenInTx");
                """);
    }
}
