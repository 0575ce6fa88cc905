using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Outcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutcomeMeasurements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SupersedesId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SupersededAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CorrectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Instrument = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Timepoint = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EffectiveAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Values = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Score = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    ValueSet = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    RecordedByRole = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutcomeMeasurements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutcomeScheduleNotices",
                columns: table => new
                {
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Timepoint = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutcomeScheduleNotices", x => new { x.PrescriptionId, x.Timepoint, x.Kind });
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutcomeMeasurements_ChainId",
                table: "OutcomeMeasurements",
                column: "ChainId");

            migrationBuilder.CreateIndex(
                name: "IX_OutcomeMeasurements_ParticipantId",
                table: "OutcomeMeasurements",
                column: "ParticipantId");

            migrationBuilder.CreateIndex(
                name: "IX_OutcomeMeasurements_PrescriptionId_Instrument",
                table: "OutcomeMeasurements",
                columns: new[] { "PrescriptionId", "Instrument" });

            migrationBuilder.CreateIndex(
                name: "IX_OutcomeMeasurements_SupersedesId",
                table: "OutcomeMeasurements",
                column: "SupersedesId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutcomeMeasurements");

            migrationBuilder.DropTable(
                name: "OutcomeScheduleNotices");
        }
    }
}
