using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_Assessments_Kind_Valid",
                table: "Assessments");

            migrationBuilder.AddColumn<bool>(
                name: "RequiresTwoReviews",
                table: "AuditRounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReopenReason",
                table: "Assessments",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActionPlanItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    MechanismNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    WhatWillChange = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionPlanItems", x => x.Id);
                    table.CheckConstraint("CK_ActionPlanItems_MechanismNumber_Range", "\"MechanismNumber\" BETWEEN 1 AND 15");
                    table.CheckConstraint("CK_ActionPlanItems_Owner_Length", "length(\"Owner\") <= 200");
                    table.CheckConstraint("CK_ActionPlanItems_Status_Valid", "\"Status\" IN ('Open', 'Done', 'Dropped')");
                    table.CheckConstraint("CK_ActionPlanItems_WhatWillChange_Length", "length(\"WhatWillChange\") <= 1000");
                    table.ForeignKey(
                        name: "FK_ActionPlanItems_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ModerationDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    MechanismNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstRating = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SecondRating = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AgreedRating = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModerationDecisions", x => x.Id);
                    table.CheckConstraint("CK_ModerationDecisions_AgreedRating_Valid", "\"AgreedRating\" IN ('NotAssessed', 'No', 'Variable', 'Yes')");
                    table.CheckConstraint("CK_ModerationDecisions_FirstRating_Valid", "\"FirstRating\" IN ('NotAssessed', 'No', 'Variable', 'Yes')");
                    table.CheckConstraint("CK_ModerationDecisions_MechanismNumber_Range", "\"MechanismNumber\" BETWEEN 1 AND 15");
                    table.CheckConstraint("CK_ModerationDecisions_Reason_Length", "length(\"Reason\") <= 2000");
                    table.CheckConstraint("CK_ModerationDecisions_SecondRating_Valid", "\"SecondRating\" IN ('NotAssessed', 'No', 'Variable', 'Yes')");
                    table.ForeignKey(
                        name: "FK_ModerationDecisions_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSnapshots", x => x.Id);
                    table.CheckConstraint("CK_ReportSnapshots_CreatedBy_Length", "length(\"CreatedBy\") <= 200");
                    table.CheckConstraint("CK_ReportSnapshots_FileName_Length", "length(\"FileName\") <= 200");
                    table.CheckConstraint("CK_ReportSnapshots_Sha256_Length", "length(\"Sha256\") <= 64");
                    table.ForeignKey(
                        name: "FK_ReportSnapshots_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Assessments_Kind_Valid",
                table: "Assessments",
                sql: "\"Kind\" IN ('Review', 'SelfAssessment', 'Moderated')");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Assessments_ReopenReason_Length",
                table: "Assessments",
                sql: "length(\"ReopenReason\") <= 1000");

            migrationBuilder.CreateIndex(
                name: "IX_ActionPlanItems_AssessmentId",
                table: "ActionPlanItems",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ActionPlanItems_Status_DueOn",
                table: "ActionPlanItems",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ModerationDecisions_AssessmentId_MechanismNumber",
                table: "ModerationDecisions",
                columns: new[] { "AssessmentId", "MechanismNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportSnapshots_AssessmentId",
                table: "ReportSnapshots",
                column: "AssessmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionPlanItems");

            migrationBuilder.DropTable(
                name: "ModerationDecisions");

            migrationBuilder.DropTable(
                name: "ReportSnapshots");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Assessments_Kind_Valid",
                table: "Assessments");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Assessments_ReopenReason_Length",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "RequiresTwoReviews",
                table: "AuditRounds");

            migrationBuilder.DropColumn(
                name: "ReopenReason",
                table: "Assessments");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Assessments_Kind_Valid",
                table: "Assessments",
                sql: "\"Kind\" IN ('Review', 'SelfAssessment')");
        }
    }
}
