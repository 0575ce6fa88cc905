using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveryAuditAndAttendanceWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubjectPersonIds",
                table: "AuditRecords",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdherenceWatermarks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdherenceWatermarks", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_SubjectPersonIds",
                table: "AuditRecords",
                column: "SubjectPersonIds");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdherenceWatermarks");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_SubjectPersonIds",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "SubjectPersonIds",
                table: "AuditRecords");
        }
    }
}
