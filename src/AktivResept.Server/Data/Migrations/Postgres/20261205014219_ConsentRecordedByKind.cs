using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConsentRecordedByKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RecordedByKind",
                table: "ConsentRecords",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Before this column the kind was inferred from who recorded the consent. Pilot consents are recorded by a
            // coordinator from a signed form (the enrolment, the demo seed); every other consent was given by the
            // person on their own page, the only other place a consent is recorded.
            migrationBuilder.Sql("""UPDATE "ConsentRecords" SET "RecordedByKind" = CASE WHEN "Purpose" LIKE 'pilot:%' THEN 'SignedForm' ELSE 'Person' END""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordedByKind",
                table: "ConsentRecords");
        }
    }
}
