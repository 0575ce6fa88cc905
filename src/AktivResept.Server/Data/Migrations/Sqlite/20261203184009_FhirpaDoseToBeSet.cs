using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FhirpaDoseToBeSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DoseToBeSet",
                table: "Prescriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DoseToBeSet",
                table: "Prescriptions");
        }
    }
}
