using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrescriptionsByReferrerAndPatient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ReferrerId_ParticipantId",
                table: "Prescriptions",
                columns: new[] { "ReferrerId", "ParticipantId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Prescriptions_ReferrerId_ParticipantId",
                table: "Prescriptions");
        }
    }
}
