using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PatientRelationshipsAndSecurityAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PatientRelationships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hpr = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientRelationships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatientRelationships_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SecurityAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ActorHpr = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityAlerts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Actor_At",
                table: "AuditRecords",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PatientRelationships_PersonId_Hpr_OrganisationNumber_ExpiresAt",
                table: "PatientRelationships",
                columns: new[] { "PersonId", "Hpr", "OrganisationNumber", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityAlerts_Actor_RaisedAt",
                table: "SecurityAlerts",
                columns: new[] { "Actor", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SecurityAlerts_RaisedAt",
                table: "SecurityAlerts",
                column: "RaisedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PatientRelationships");

            migrationBuilder.DropTable(
                name: "SecurityAlerts");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_Actor_At",
                table: "AuditRecords");
        }
    }
}
