using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewsOneReviewPerAssessor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // --- Hand-written note (no SQL; carry into a regenerated migration) -----------------------
            // The unique index below fails on a database that already holds two reviews of one programme
            // in one round by the same account (the fault of issue 15). No row is changed or removed here
            // on purpose: which review stands is a commissioner's decision. Find them first with
            //   SELECT "AuditRoundId", "ProgrammeId", "AssessorUserId", COUNT(*) FROM "Assessments"
            //   WHERE "Kind" = 'Review' AND "AssessorUserId" IS NOT NULL
            //   GROUP BY "AuditRoundId", "ProgrammeId", "AssessorUserId" HAVING COUNT(*) > 1;
            // ---------------------------------------------------------------------------------------
            migrationBuilder.CreateIndex(
                name: "IX_Assessments_OneReviewPerAssessor",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "AssessorUserId" },
                unique: true,
                filter: "\"Kind\" = 'Review' AND \"AssessorUserId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_OneReviewPerAssessor",
                table: "Assessments");
        }
    }
}
