using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Pilots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TextVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Pilots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OwnerPayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CohortTarget = table.Column<int>(type: "integer", nullable: false),
                    EnrolmentFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    EnrolmentTo = table.Column<DateOnly>(type: "date", nullable: false),
                    FollowUpMonths = table.Column<List<int>>(type: "integer[]", nullable: false),
                    ConsentTextVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConcurrencyStamp = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pilots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PilotAllocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PilotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Design = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Seed = table.Column<long>(type: "bigint", nullable: false),
                    Arms = table.Column<List<string>>(type: "text[]", nullable: false),
                    BlockSize = table.Column<int>(type: "integer", nullable: true),
                    FirstStart = table.Column<DateOnly>(type: "date", nullable: true),
                    StepMonths = table.Column<int>(type: "integer", nullable: true),
                    ParticipantArms = table.Column<List<string>>(type: "text[]", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PilotAllocations_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PilotEnrolments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PilotId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    EnrolledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EnrolledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EnrolledBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConsentId = table.Column<Guid>(type: "uuid", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotEnrolments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PilotEnrolments_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PilotMunicipalities",
                columns: table => new
                {
                    PayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    PilotId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Target = table.Column<int>(type: "integer", nullable: true),
                    ContractIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotMunicipalities", x => new { x.PilotId, x.PayerId });
                    table.ForeignKey(
                        name: "FK_PilotMunicipalities_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PilotViewers",
                columns: table => new
                {
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    PilotId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotViewers", x => new { x.PilotId, x.Role, x.OrganisationNumber });
                    table.ForeignKey(
                        name: "FK_PilotViewers_Pilots_PilotId",
                        column: x => x.PilotId,
                        principalTable: "Pilots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PilotMunicipalityAllocations",
                columns: table => new
                {
                    PayerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AllocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Step = table.Column<int>(type: "integer", nullable: false),
                    Arm = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Start = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotMunicipalityAllocations", x => new { x.AllocationId, x.PayerId });
                    table.ForeignKey(
                        name: "FK_PilotMunicipalityAllocations_PilotAllocations_AllocationId",
                        column: x => x.AllocationId,
                        principalTable: "PilotAllocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_PersonId_Purpose",
                table: "ConsentRecords",
                columns: new[] { "PersonId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_PilotAllocations_PilotId",
                table: "PilotAllocations",
                column: "PilotId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PilotEnrolments_PilotId_PayerId_EnrolledOn",
                table: "PilotEnrolments",
                columns: new[] { "PilotId", "PayerId", "EnrolledOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PilotEnrolments_PilotId_PersonId",
                table: "PilotEnrolments",
                columns: new[] { "PilotId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PilotEnrolments_PilotId_Sequence",
                table: "PilotEnrolments",
                columns: new[] { "PilotId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PilotMunicipalities_PayerId",
                table: "PilotMunicipalities",
                column: "PayerId");

            migrationBuilder.CreateIndex(
                name: "IX_Pilots_OwnerPayerId",
                table: "Pilots",
                column: "OwnerPayerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropTable(
                name: "PilotEnrolments");

            migrationBuilder.DropTable(
                name: "PilotMunicipalities");

            migrationBuilder.DropTable(
                name: "PilotMunicipalityAllocations");

            migrationBuilder.DropTable(
                name: "PilotViewers");

            migrationBuilder.DropTable(
                name: "PilotAllocations");

            migrationBuilder.DropTable(
                name: "Pilots");
        }
    }
}
