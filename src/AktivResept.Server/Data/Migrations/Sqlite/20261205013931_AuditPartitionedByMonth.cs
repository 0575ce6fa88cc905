using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditPartitionedByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The single chain's seals cannot become month chains; the sealing job chains every row again by month.
            migrationBuilder.Sql("DELETE FROM \"AuditSeals\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AuditSeals",
                table: "AuditSeals");

            migrationBuilder.DropIndex(
                name: "IX_AuditSeals_AuditRecordId",
                table: "AuditSeals");

            migrationBuilder.AddColumn<DateOnly>(
                name: "Month",
                table: "AuditSeals",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddPrimaryKey(
                name: "PK_AuditSeals",
                table: "AuditSeals",
                columns: new[] { "Month", "Sequence" });

            migrationBuilder.CreateTable(
                name: "AuditMonthSeals",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    SealedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DroppedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditMonthSeals", x => x.Month);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditSeals_AuditRecordId_Month",
                table: "AuditSeals",
                columns: new[] { "AuditRecordId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditMonthSeals");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AuditSeals",
                table: "AuditSeals");

            migrationBuilder.DropIndex(
                name: "IX_AuditSeals_AuditRecordId_Month",
                table: "AuditSeals");

            migrationBuilder.DropColumn(
                name: "Month",
                table: "AuditSeals");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AuditSeals",
                table: "AuditSeals",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_AuditSeals_AuditRecordId",
                table: "AuditSeals",
                column: "AuditRecordId",
                unique: true);
        }
    }
}
