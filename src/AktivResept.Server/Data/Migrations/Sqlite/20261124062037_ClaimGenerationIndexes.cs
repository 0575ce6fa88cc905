using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimGenerationIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ParticipantId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "ParticipantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ProviderId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "ProviderId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_TrainerId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "TrainerId", "OccurredAt" },
                filter: "\"TrainerId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_ParticipantId_OccurredAt",
                table: "AttendanceRecords");

            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_ProviderId_OccurredAt",
                table: "AttendanceRecords");

            migrationBuilder.DropIndex(
                name: "IX_AttendanceRecords_TrainerId_OccurredAt",
                table: "AttendanceRecords");
        }
    }
}
