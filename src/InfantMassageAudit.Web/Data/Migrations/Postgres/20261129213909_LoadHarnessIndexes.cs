using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LoadHarnessIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_AssessmentId",
                table: "ChangeLog");

            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_ProgrammeId",
                table: "ChangeLog");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_AssessmentId_Id",
                table: "ChangeLog",
                columns: new[] { "AssessmentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_ProgrammeId_Id",
                table: "ChangeLog",
                columns: new[] { "ProgrammeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "Kind", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_AssessmentId_Id",
                table: "ChangeLog");

            migrationBuilder.DropIndex(
                name: "IX_ChangeLog_ProgrammeId_Id",
                table: "ChangeLog");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_AssessmentId",
                table: "ChangeLog",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_ProgrammeId",
                table: "ChangeLog",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "Kind" });
        }
    }
}
