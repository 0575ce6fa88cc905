using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GymCertificateRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertificateNumber",
                table: "TrainerCertifications",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EnteredByProvider",
                table: "TrainerCertifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "RegisterEntryId",
                table: "TrainerCertifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "TrainerCertifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CertificationRegister",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificationRegister", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificationRegister_CertificateNumber",
                table: "CertificationRegister",
                column: "CertificateNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificationRegister");

            migrationBuilder.DropColumn(
                name: "CertificateNumber",
                table: "TrainerCertifications");

            migrationBuilder.DropColumn(
                name: "EnteredByProvider",
                table: "TrainerCertifications");

            migrationBuilder.DropColumn(
                name: "RegisterEntryId",
                table: "TrainerCertifications");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "TrainerCertifications");
        }
    }
}
