using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScopeReferrerOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrers_Hpr",
                table: "Referrers");

            migrationBuilder.CreateTable(
                name: "CareRelationships",
                columns: table => new
                {
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hpr = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareRelationships", x => x.PersonId);
                    table.ForeignKey(
                        name: "FK_CareRelationships_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Referrers_Hpr_OrganisationNumber",
                table: "Referrers",
                columns: new[] { "Hpr", "OrganisationNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareRelationships");

            migrationBuilder.DropIndex(
                name: "IX_Referrers_Hpr_OrganisationNumber",
                table: "Referrers");

            migrationBuilder.CreateIndex(
                name: "IX_Referrers_Hpr",
                table: "Referrers",
                column: "Hpr",
                unique: true);
        }
    }
}
