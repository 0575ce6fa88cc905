using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SsrfDeliveryLogClasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Result",
                table: "DeliveryAttempts",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastResult",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            // Keep what the log showed as its class only: the exact status and error text are dropped (issue 20).
            migrationBuilder.Sql("""
                UPDATE "DeliveryAttempts" SET "Result" = CASE
                    WHEN "StatusCode" BETWEEN 200 AND 299 THEN 'Http2xx' WHEN "StatusCode" BETWEEN 300 AND 399 THEN 'Http3xx'
                    WHEN "StatusCode" BETWEEN 400 AND 499 THEN 'Http4xx' WHEN "StatusCode" BETWEEN 500 AND 599 THEN 'Http5xx'
                    ELSE 'NetworkError' END;
                UPDATE "Deliveries" SET "LastResult" = CASE
                    WHEN "Attempts" = 0 THEN NULL
                    WHEN "LastStatusCode" BETWEEN 200 AND 299 THEN 'Http2xx' WHEN "LastStatusCode" BETWEEN 300 AND 399 THEN 'Http3xx'
                    WHEN "LastStatusCode" BETWEEN 400 AND 499 THEN 'Http4xx' WHEN "LastStatusCode" BETWEEN 500 AND 599 THEN 'Http5xx'
                    ELSE 'NetworkError' END;
                """);

            migrationBuilder.DropColumn(
                name: "Error",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "StatusCode",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LastStatusCode",
                table: "Deliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Result",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "LastResult",
                table: "Deliveries");

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "DeliveryAttempts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusCode",
                table: "DeliveryAttempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastStatusCode",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);
        }
    }
}
