using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionKeepsItsActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Activity",
                table: "ProgrammeSessions",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Every existing date was held (or is planned) as its series' activity today: the best record there is.
            migrationBuilder.Sql("""UPDATE "ProgrammeSessions" SET "Activity" = (SELECT s."Activity" FROM "ProgrammeSeries" s WHERE s."Id" = "ProgrammeSessions"."SeriesId");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Activity",
                table: "ProgrammeSessions");
        }
    }
}
