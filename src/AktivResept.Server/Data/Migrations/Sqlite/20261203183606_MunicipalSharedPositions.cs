using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MunicipalSharedPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "TrainerRoles",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Gym");

            migrationBuilder.AddColumn<decimal>(
                name: "Share",
                table: "TrainerRoles",
                type: "TEXT",
                precision: 4,
                scale: 3,
                nullable: false,
                defaultValue: 1m);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ValidFrom",
                table: "TrainerRoles",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "ValidTo",
                table: "TrainerRoles",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "TrainerRoles");

            migrationBuilder.DropColumn(
                name: "Share",
                table: "TrainerRoles");

            migrationBuilder.DropColumn(
                name: "ValidFrom",
                table: "TrainerRoles");

            migrationBuilder.DropColumn(
                name: "ValidTo",
                table: "TrainerRoles");
        }
    }
}
