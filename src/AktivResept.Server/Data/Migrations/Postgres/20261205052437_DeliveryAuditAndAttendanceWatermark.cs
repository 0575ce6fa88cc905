using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <summary>
    /// Issue 19: one audit record per attendance delivery naming its participants (<c>SubjectPersonIds</c>, GIN), and
    /// the adherence job's watermark over the transaction that wrote each attendance row (<c>WrittenInTx</c>).
    /// </summary>
    public partial class DeliveryAuditAndAttendanceWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid[]>(
                name: "SubjectPersonIds",
                table: "AuditRecords",
                type: "uuid[]",
                nullable: true);

            // Existing rows get 0 (a constant default: no table rewrite), and were marked by the per-delivery marks of
            // their time; new rows get their writing transaction's id. The watermark starts at 1, above them.
            migrationBuilder.AddColumn<long>(
                name: "WrittenInTx",
                table: "AttendanceRecords",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
            migrationBuilder.Sql("""ALTER TABLE "AttendanceRecords" ALTER COLUMN "WrittenInTx" SET DEFAULT (pg_current_xact_id()::text::bigint);""");

            migrationBuilder.CreateTable(
                name: "AdherenceWatermarks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdherenceWatermarks", x => x.Name);
                });
            migrationBuilder.Sql("""INSERT INTO "AdherenceWatermarks" ("Name", "Position") VALUES ('attendance', 1);""");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_SubjectPersonIds",
                table: "AuditRecords",
                column: "SubjectPersonIds")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_WrittenInTx",
                table: "AttendanceRecords",
                column: "WrittenInTx");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdherenceWatermarks");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_SubjectPersonIds",
                table: "AuditRecords");

            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_WrittenInTx",
                table: "AttendanceRecords");

            migrationBuilder.DropColumn(
                name: "SubjectPersonIds",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "WrittenInTx",
                table: "AttendanceRecords");
        }
    }
}
