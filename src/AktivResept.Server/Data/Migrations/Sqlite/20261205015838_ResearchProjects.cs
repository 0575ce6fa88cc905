using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResearchProjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResearchProjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerSubject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Members = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovalReference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Variables = table.Column<string>(type: "TEXT", nullable: false),
                    DateHandling = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ShiftDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentTextVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EncryptedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchProjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Variables = table.Column<string>(type: "TEXT", nullable: false),
                    Persons = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResearchExports_ResearchProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "ResearchProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResearchExports_ProjectId_At",
                table: "ResearchExports",
                columns: new[] { "ProjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ResearchProjects_OwnerSubject",
                table: "ResearchProjects",
                column: "OwnerSubject");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResearchExports");

            migrationBuilder.DropTable(
                name: "ResearchProjects");
        }
    }
}
