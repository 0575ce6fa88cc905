using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferrerId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MsgId = table.Column<Guid>(type: "uuid", nullable: true),
                    XmlCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    Failure = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FailureDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CollectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialogmeldingMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReferrerOrganisations",
                columns: table => new
                {
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    HerId = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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
