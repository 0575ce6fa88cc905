using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
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
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "ContractId",
                table: "InboxMessages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConcurrencyStamp",
                table: "Contracts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "Contracts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "Contracts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Contracts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusChangedAt",
                table: "Contracts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "Contracts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "Contracts",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BenefitPopulations",
                columns: table => new
                {
                    Kommunenummer = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Benefit = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Residents = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitPopulations", x => new { x.Kommunenummer, x.Benefit, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "ContractStatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    CoFinancingShare = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActivatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ActivatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContentActivityTypes = table.Column<int[]>(type: "integer[]", nullable: false),
                    TrainerCompetence = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
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
            migrationBuilder.Sql(ContractsAndKpisData.Postgres);

            migrationBuilder.DropColumn(
                name: "CoFinancingShare",
                table: "Contracts");

            migrationBuilder.CreateTable(
                name: "KpiEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    KpiRequirementId = table.Column<Guid>(type: "uuid", nullable: false),
                    KpiKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    PeriodKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Numerator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Denominator = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Value = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Threshold = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    Direction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MinimumParticipants = table.Column<int>(type: "integer", nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    IsFinal = table.Column<bool>(type: "boolean", nullable: false),
                    PrescriptionIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KpiEvaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContractAvailabilityRequirements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    IsoDays = table.Column<List<int>>(type: "integer[]", nullable: false),
                    Opens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Closes = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Features = table.Column<int[]>(type: "integer[]", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PlacesPerWeek = table.Column<int>(type: "integer", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Metric = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Parameters = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Threshold = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    Direction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Period = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MinimumParticipants = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false)
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
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CoFinancingShare",
                table: "Contracts",
                type: "numeric(5,4)",
                precision: 5,
                scale: 4,
                nullable: false,
                defaultValue: 0m);
        }
    }
}
