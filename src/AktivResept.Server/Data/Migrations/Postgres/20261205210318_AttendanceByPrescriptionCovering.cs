using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttendanceByPrescriptionCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_PrescriptionId_OccurredAt",
                table: "AttendanceRecords");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_PrescriptionId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "PrescriptionId", "OccurredAt" })
                .Annotation("Npgsql:IndexInclude", new[] { "Reconciliation", "Kind", "DurationMinutes", "Source", "TrainerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_PrescriptionId_OccurredAt",
                table: "AttendanceRecords");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_PrescriptionId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "PrescriptionId", "OccurredAt" });
        }
    }
}
