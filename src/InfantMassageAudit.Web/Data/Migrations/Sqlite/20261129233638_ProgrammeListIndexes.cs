using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgrammeListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status_Assessor",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "Kind", "Status", "AssessorUserId" });

            // The programme list sorts by name as upper("Name"), then code and id (ProgrammesService.Sorted). EF Core
            // cannot model an index on an expression, so it is made here in SQL that SQLite and PostgreSQL both
            // accept; MigrationTests checks that it exists on both, because a SQLite table rebuild in a later
            // migration would recreate only the model's indexes.
            migrationBuilder.Sql("CREATE INDEX \"IX_Programmes_UpperName_Code_Id\" ON \"Programmes\" (upper(\"Name\"), \"Code\", \"Id\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_Programmes_UpperName_Code_Id\";");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status_Assessor",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind_Status",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "Kind", "Status" });
        }
    }
}
