using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PrescriptionLinkingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions",
                columns: new[] { "ParticipantId", "Status" })
                .Annotation("Npgsql:IndexInclude", new[] { "ProviderId", "StartDate", "DurationWeeks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions",
                columns: new[] { "ParticipantId", "Status" });
        }
    }
}
