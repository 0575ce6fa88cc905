using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Dialogmelding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DialogmeldingMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferrerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    MsgId = table.Column<Guid>(type: "TEXT", nullable: true),
                    XmlCipher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FailureDetail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CollectedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialogmeldingMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReferrerOrganisations",
                columns: table => new
                {
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    HerId = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferrerOrganisations", x => x.OrganisationNumber);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DialogmeldingMessages_EventId",
                table: "DialogmeldingMessages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DialogmeldingMessages_OrganisationNumber_CreatedAt",
                table: "DialogmeldingMessages",
                columns: new[] { "OrganisationNumber", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DialogmeldingMessages_Pending",
                table: "DialogmeldingMessages",
                column: "CreatedAt",
                filter: "\"Status\" = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DialogmeldingMessages");

            migrationBuilder.DropTable(
                name: "ReferrerOrganisations");
        }
    }
}
