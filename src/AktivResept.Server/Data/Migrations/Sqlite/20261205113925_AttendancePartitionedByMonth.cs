using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// Event-id uniqueness moves from a unique index on attendance to <c>AttendanceEventKeys</c>, as on PostgreSQL where
    /// attendance is partitioned by month (SQLite keeps one plain table); filled from the existing rows.
    /// </summary>
    public partial class AttendancePartitionedByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_SourceId_ExternalId",
                table: "AttendanceRecords");

            migrationBuilder.CreateTable(
                name: "AttendanceEventKeys",
                columns: table => new
                {
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AttendanceRecordId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceEventKeys", x => new { x.SourceId, x.ExternalId });
                });

            migrationBuilder.Sql("""INSERT INTO "AttendanceEventKeys" ("SourceId", "ExternalId", "AttendanceRecordId") SELECT "SourceId", "ExternalId", "Id" FROM "AttendanceRecords";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttendanceEventKeys");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_SourceId_ExternalId",
                table: "AttendanceRecords",
                columns: new[] { "SourceId", "ExternalId" },
                unique: true);
        }
    }
}
