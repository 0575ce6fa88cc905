using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Programmes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgrammeReferrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ReferrerOrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeReferrals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Programmes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Operator = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: true),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: true),
                    PayerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Funding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Programmes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeRegistrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Basis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegisteredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PausedUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    FromPrescriptionId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeRegistrations_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeTerms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Holidays = table.Column<List<DateOnly>>(type: "date[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeTerms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeTerms_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeSeries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    TermId = table.Column<Guid>(type: "uuid", nullable: false),
                    Activity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Room = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RoomSquareMetres = table.Column<decimal>(type: "numeric(8,2)", precision: 8, scale: 2, nullable: true),
                    SquareMetresPerPerson = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    HeadCount = table.Column<int>(type: "integer", nullable: true),
                    InstructorTrainerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Weekday = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Intensity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AccessibilityFeatures = table.Column<int[]>(type: "integer[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeSeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeSeries_Locations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProgrammeSeries_ProgrammeTerms_TermId",
                        column: x => x.TermId,
                        principalTable: "ProgrammeTerms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProgrammeSeries_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    SeriesId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Room = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    InstructorTrainerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Booked = table.Column<int>(type: "integer", nullable: false),
                    Waiting = table.Column<int>(type: "integer", nullable: false),
                    NextQueueNumber = table.Column<long>(type: "bigint", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CancellationReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeSessions", x => x.Id);
                    table.CheckConstraint("CK_ProgrammeSessions_Booked", "\"Booked\" >= 0 AND \"Booked\" <= \"Capacity\"");
                    table.CheckConstraint("CK_ProgrammeSessions_Waiting", "\"Waiting\" >= 0");
                    table.ForeignKey(
                        name: "FK_ProgrammeSessions_ProgrammeSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "ProgrammeSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeBookings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    QueueNumber = table.Column<long>(type: "bigint", nullable: true),
                    OfferExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeBookings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeBookings_ProgrammeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "ProgrammeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeBookings_OfferExpiresAt",
                table: "ProgrammeBookings",
                column: "OfferExpiresAt",
                filter: "\"Status\" = 'Offered'");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeBookings_OneOpen",
                table: "ProgrammeBookings",
                columns: new[] { "SessionId", "PersonId" },
                unique: true,
                filter: "\"Status\" IN ('Booked', 'Waiting', 'Offered', 'Attended', 'NoShow')");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeBookings_PersonId_Status",
                table: "ProgrammeBookings",
                columns: new[] { "PersonId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeBookings_SessionId_Status_QueueNumber",
                table: "ProgrammeBookings",
                columns: new[] { "SessionId", "Status", "QueueNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeReferrals_PersonId_Kommunenummer",
                table: "ProgrammeReferrals",
                columns: new[] { "PersonId", "Kommunenummer" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeRegistrations_PersonId",
                table: "ProgrammeRegistrations",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeRegistrations_ProgrammeId_PersonId",
                table: "ProgrammeRegistrations",
                columns: new[] { "ProgrammeId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Programmes_Kommunenummer",
                table: "Programmes",
                column: "Kommunenummer");

            migrationBuilder.CreateIndex(
                name: "IX_Programmes_ProviderId",
                table: "Programmes",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSeries_LocationId",
                table: "ProgrammeSeries",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSeries_ProgrammeId",
                table: "ProgrammeSeries",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSeries_TermId",
                table: "ProgrammeSeries",
                column: "TermId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSessions_InstructorTrainerId_StartsAt",
                table: "ProgrammeSessions",
                columns: new[] { "InstructorTrainerId", "StartsAt" },
                filter: "\"InstructorTrainerId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSessions_LocationId_StartsAt",
                table: "ProgrammeSessions",
                columns: new[] { "LocationId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSessions_ProgrammeId_StartsAt",
                table: "ProgrammeSessions",
                columns: new[] { "ProgrammeId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeSessions_SeriesId_Date",
                table: "ProgrammeSessions",
                columns: new[] { "SeriesId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeTerms_ProgrammeId",
                table: "ProgrammeTerms",
                column: "ProgrammeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgrammeBookings");

            migrationBuilder.DropTable(
                name: "ProgrammeReferrals");

            migrationBuilder.DropTable(
                name: "ProgrammeRegistrations");

            migrationBuilder.DropTable(
                name: "ProgrammeSessions");

            migrationBuilder.DropTable(
                name: "ProgrammeSeries");

            migrationBuilder.DropTable(
                name: "ProgrammeTerms");

            migrationBuilder.DropTable(
                name: "Programmes");
        }
    }
}
