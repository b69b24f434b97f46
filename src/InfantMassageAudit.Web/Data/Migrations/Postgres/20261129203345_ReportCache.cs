using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RenderedReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CacheKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DataVersion = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ETag = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RenderedReports", x => x.Id);
                    table.CheckConstraint("CK_RenderedReports_CacheKey_Length", "length(\"CacheKey\") <= 64");
                    table.CheckConstraint("CK_RenderedReports_DataVersion_Length", "length(\"DataVersion\") <= 200");
                    table.CheckConstraint("CK_RenderedReports_ETag_Length", "length(\"ETag\") <= 80");
                    table.CheckConstraint("CK_RenderedReports_FileName_Length", "length(\"FileName\") <= 200");
                    table.CheckConstraint("CK_RenderedReports_Kind_Length", "length(\"Kind\") <= 20");
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_Action",
                table: "ChangeLog",
                column: "Action");

            migrationBuilder.CreateIndex(
                name: "IX_RenderedReports_CacheKey",
                table: "RenderedReports",
                column: "CacheKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RenderedReports_CreatedAt",
                table: "RenderedReports",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RenderedReports");

            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_Action",
                table: "ChangeLog");
        }
    }
}
