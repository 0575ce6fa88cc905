using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TextVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    GivenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Pilots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerPayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CohortTarget = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrolmentFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EnrolmentTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FollowUpMonths = table.Column<string>(type: "TEXT", nullable: false),
                    ConsentTextVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConcurrencyStamp = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pilots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PilotAllocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PilotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Design = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    Arms = table.Column<string>(type: "TEXT", nullable: false),
                    BlockSize = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstStart = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StepMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    ParticipantArms = table.Column<string>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PilotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    EnrolledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EnrolledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EnrolledBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConsentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PilotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Target = table.Column<int>(type: "INTEGER", nullable: true),
                    ContractIds = table.Column<string>(type: "TEXT", nullable: false)
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
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    PilotId = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AllocationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Arm = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: true)
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
