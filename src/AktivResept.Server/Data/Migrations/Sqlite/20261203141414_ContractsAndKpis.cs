using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContractsAndKpis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "PrescriptionId",
                table: "InboxMessages",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "ContractId",
                table: "InboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConcurrencyStamp",
                table: "Contracts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "CreatedAt",
                table: "Contracts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "Contracts",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Contracts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "Contracts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "Contracts",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "Contracts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BenefitPopulations",
                columns: table => new
                {
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Benefit = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Residents = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitPopulations", x => new { x.Kommunenummer, x.Benefit, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "ContractStatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractStatusChanges_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CoFinancingShare = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ActivatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContentActivityTypes = table.Column<string>(type: "TEXT", nullable: false),
                    TrainerCompetence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractVersions_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Contracts made before versions existed keep their terms: each becomes Active with an active version 1
            // carrying its co-financing share, so claims for their months are priced as before.
            migrationBuilder.Sql(ContractsAndKpisData.Sqlite());

            migrationBuilder.DropColumn(
                name: "CoFinancingShare",
                table: "Contracts");

            migrationBuilder.CreateTable(
                name: "KpiEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KpiRequirementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KpiKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Numerator = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Denominator = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Threshold = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    MinimumParticipants = table.Column<int>(type: "INTEGER", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IsFinal = table.Column<bool>(type: "INTEGER", nullable: false),
                    PrescriptionIds = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiEvaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContractAvailabilityRequirements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsoDays = table.Column<string>(type: "TEXT", nullable: false),
                    Opens = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Closes = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Features = table.Column<string>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractAvailabilityRequirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractAvailabilityRequirements_ContractVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ContractVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractCapacityRequirements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PlacesPerWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractCapacityRequirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractCapacityRequirements_ContractVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ContractVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractKpiRequirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Threshold = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    MinimumParticipants = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractKpiRequirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractKpiRequirements_ContractVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ContractVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contracts_ProviderId",
                table: "Contracts",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractAvailabilityRequirements_VersionId",
                table: "ContractAvailabilityRequirements",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractCapacityRequirements_VersionId",
                table: "ContractCapacityRequirements",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractKpiRequirements_VersionId",
                table: "ContractKpiRequirements",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractStatusChanges_ContractId",
                table: "ContractStatusChanges",
                column: "ContractId");

            migrationBuilder.CreateIndex(
                name: "IX_ContractVersions_ContractId_Number",
                table: "ContractVersions",
                columns: new[] { "ContractId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KpiEvaluations_ContractId_PeriodKind_PeriodFrom",
                table: "KpiEvaluations",
                columns: new[] { "ContractId", "PeriodKind", "PeriodFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_KpiEvaluations_KpiRequirementId_PeriodFrom_Revision",
                table: "KpiEvaluations",
                columns: new[] { "KpiRequirementId", "PeriodFrom", "Revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BenefitPopulations");

            migrationBuilder.DropTable(
                name: "ContractAvailabilityRequirements");

            migrationBuilder.DropTable(
                name: "ContractCapacityRequirements");

            migrationBuilder.DropTable(
                name: "ContractKpiRequirements");

            migrationBuilder.DropTable(
                name: "ContractStatusChanges");

            migrationBuilder.DropTable(
                name: "KpiEvaluations");

            migrationBuilder.DropTable(
                name: "ContractVersions");

            migrationBuilder.DropIndex(
                name: "IX_Contracts_ProviderId",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "ContractId",
                table: "InboxMessages");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "StatusChangedBy",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "Contracts");

            migrationBuilder.AlterColumn<Guid>(
                name: "PrescriptionId",
                table: "InboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CoFinancingShare",
                table: "Contracts",
                type: "TEXT",
                precision: 5,
                scale: 4,
                nullable: false,
                defaultValue: 0m);
        }
    }
}
