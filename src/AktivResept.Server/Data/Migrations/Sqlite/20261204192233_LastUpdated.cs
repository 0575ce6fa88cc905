using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LastUpdated : Migration
    {
        // Rows saved before the column existed show when it was added (2026-12-04T00:00Z, as
        // DateTimeOffsetToBinaryConverter stores it): no change time was recorded for them.
        private const long TrackedSince = 1309326114816000000L;
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "Trainers",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "TrainerRoles",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "Providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "ProgrammeSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "ProgrammeSeries",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "Programmes",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "People",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<long>(
                name: "LastUpdated",
                table: "Locations",
                type: "INTEGER",
                nullable: false,
                defaultValue: TrackedSince);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "Trainers");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "TrainerRoles");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "Providers");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "ProgrammeSessions");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "ProgrammeSeries");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "People");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "Locations");
        }
    }
}
