using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    SubjectPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BenefitPeriods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Municipalities",
                columns: table => new
                {
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CentreLatitude = table.Column<double>(type: "REAL", nullable: false),
                    CentreLongitude = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Municipalities", x => x.Kommunenummer);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NationalIdCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    AddressLatitude = table.Column<double>(type: "REAL", nullable: true),
                    AddressLongitude = table.Column<double>(type: "REAL", nullable: true),
                    AccessibilityNeeds = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Prescriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferrerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ReasonText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Goals = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ActivityTypes = table.Column<string>(type: "TEXT", nullable: false),
                    SessionsPerWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    MinutesPerSession = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DurationWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    Precautions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequiredCompetence = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ConfirmationIntervalWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    Funding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EligibilityBenefit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EligibleUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prescriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Providers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Referrers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hpr = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Trainers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trainers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActorRole = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    OpeningHours = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AccessibilityFeatures = table.Column<string>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
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
