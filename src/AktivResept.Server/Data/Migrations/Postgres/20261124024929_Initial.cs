using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Organisation = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    SubjectPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    Resource = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BenefitPeriods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NationalIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Municipalities",
                columns: table => new
                {
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CentreLatitude = table.Column<double>(type: "double precision", nullable: false),
                    CentreLongitude = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Municipalities", x => x.Kommunenummer);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NationalIdCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    NationalIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    AddressLatitude = table.Column<double>(type: "double precision", nullable: true),
                    AddressLongitude = table.Column<double>(type: "double precision", nullable: true),
                    AccessibilityNeeds = table.Column<int[]>(type: "integer[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Prescriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferrerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReasonCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ReasonText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Goals = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ActivityTypes = table.Column<int[]>(type: "integer[]", nullable: false),
                    SessionsPerWeek = table.Column<int>(type: "integer", nullable: false),
                    MinutesPerSession = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DurationWeeks = table.Column<int>(type: "integer", nullable: false),
                    Precautions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RequiredCompetence = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    ConfirmationIntervalWeeks = table.Column<int>(type: "integer", nullable: false),
                    Funding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: true),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: true),
                    TrainerId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EligibilityBenefit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    EligibleUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prescriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Providers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Referrers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Hpr = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Trainers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NationalIdHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trainers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusChanges_Prescriptions_PrescriptionId",
                        column: x => x.PrescriptionId,
                        principalTable: "Prescriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Locations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    OpeningHours = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AccessibilityFeatures = table.Column<int[]>(type: "integer[]", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Locations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Locations_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainerCertifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TrainerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainerCertifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainerCertifications_Trainers_TrainerId",
                        column: x => x.TrainerId,
                        principalTable: "Trainers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainerRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TrainerId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainerRoles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainerRoles_Trainers_TrainerId",
                        column: x => x.TrainerId,
                        principalTable: "Trainers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_At",
                table: "AuditRecords",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_SubjectPersonId_At",
                table: "AuditRecords",
                columns: new[] { "SubjectPersonId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitPeriods_NationalIdHash",
                table: "BenefitPeriods",
                column: "NationalIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_Locations_Kommunenummer",
                table: "Locations",
                column: "Kommunenummer");

            migrationBuilder.CreateIndex(
                name: "IX_Locations_ProviderId",
                table: "Locations",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_People_NationalIdHash",
                table: "People",
                column: "NationalIdHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_OneOpenStateReimbursed",
                table: "Prescriptions",
                column: "ParticipantId",
                unique: true,
                filter: "\"Funding\" = 'StateReimbursed' AND \"Status\" IN ('Issued', 'Accepted', 'Active')");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions",
                columns: new[] { "ParticipantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ProviderId_Status",
                table: "Prescriptions",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ReferrerId_Status",
                table: "Prescriptions",
                columns: new[] { "ReferrerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_Status_IssuedAt",
                table: "Prescriptions",
                columns: new[] { "Status", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_TrainerId",
                table: "Prescriptions",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_Providers_OrganisationNumber",
                table: "Providers",
                column: "OrganisationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrers_Hpr",
                table: "Referrers",
                column: "Hpr",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatusChanges_PrescriptionId_At",
                table: "StatusChanges",
                columns: new[] { "PrescriptionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainerCertifications_TrainerId",
                table: "TrainerCertifications",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainerRoles_OrganisationNumber",
                table: "TrainerRoles",
                column: "OrganisationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_TrainerRoles_TrainerId",
                table: "TrainerRoles",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_Trainers_NationalIdHash",
                table: "Trainers",
                column: "NationalIdHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "BenefitPeriods");

            migrationBuilder.DropTable(
                name: "Locations");

            migrationBuilder.DropTable(
                name: "Municipalities");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "Referrers");

            migrationBuilder.DropTable(
                name: "StatusChanges");

            migrationBuilder.DropTable(
                name: "TrainerCertifications");

            migrationBuilder.DropTable(
                name: "TrainerRoles");

            migrationBuilder.DropTable(
                name: "Providers");

            migrationBuilder.DropTable(
                name: "Prescriptions");

            migrationBuilder.DropTable(
                name: "Trainers");
        }
    }
}
