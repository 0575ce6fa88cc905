using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LastUpdated : Migration
    {
        // Rows saved before the column existed show when it was added: no change time was recorded for them.
        private static readonly DateTimeOffset TrackedSince = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "Trainers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "TrainerRoles",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "Providers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "ProgrammeSessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "ProgrammeSeries",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "Programmes",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "People",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: TrackedSince);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "Locations",
                type: "timestamp with time zone",
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
