using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRounds", x => x.Id);
                    table.CheckConstraint("CK_AuditRounds_Description_Length", "length(\"Description\") <= 2000");
                    table.CheckConstraint("CK_AuditRounds_Name_Length", "length(\"Name\") <= 120");
                    table.CheckConstraint("CK_AuditRounds_Period", "\"EndsOn\" >= \"StartsOn\"");
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
                    table.CheckConstraint("CK_Organisations_Kind_Valid", "\"Kind\" IN ('Commissioner', 'Provider')");
                    table.CheckConstraint("CK_Organisations_Name_Length", "length(\"Name\") <= 200");
                });

            migrationBuilder.CreateTable(
                name: "Programmes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderId = table.Column<int>(type: "INTEGER", nullable: false),
                    Venue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SessionLengthMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    TypicalGroupSize = table.Column<int>(type: "INTEGER", nullable: true),
                    WeeklySessions = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Programmes", x => x.Id);
                    table.CheckConstraint("CK_Programmes_Code_Length", "length(\"Code\") <= 20");
                    table.CheckConstraint("CK_Programmes_Location_Length", "length(\"Location\") <= 200");
                    table.CheckConstraint("CK_Programmes_Name_Length", "length(\"Name\") <= 200");
                    table.CheckConstraint("CK_Programmes_Venue_Length", "length(\"Venue\") <= 200");
                    table.ForeignKey(
                        name: "FK_Programmes_Organisations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Assessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeId = table.Column<int>(type: "INTEGER", nullable: false),
                    AuditRoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AssessorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinalisedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assessments", x => x.Id);
                    table.CheckConstraint("CK_Assessments_AssessorName_Length", "length(\"AssessorName\") <= 200");
                    table.CheckConstraint("CK_Assessments_Kind_Valid", "\"Kind\" IN ('Review', 'SelfAssessment')");
                    table.CheckConstraint("CK_Assessments_Status_Valid", "\"Status\" IN ('Draft', 'Submitted', 'Final')");
                    table.ForeignKey(
                        name: "FK_Assessments_AuditRounds_AuditRoundId",
                        column: x => x.AuditRoundId,
                        principalTable: "AuditRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assessments_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Facilitators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Training = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Facilitators", x => x.Id);
                    table.CheckConstraint("CK_Facilitators_Name_Length", "length(\"Name\") <= 200");
                    table.CheckConstraint("CK_Facilitators_Role_Valid", "\"Role\" IN ('HealthVisitor', 'Midwife', 'AddictionWorker', 'NurseryNurse', 'IndependentMassageTeacher')");
                    table.CheckConstraint("CK_Facilitators_Training_Valid", "\"Training\" IN ('Unknown', 'CommunicationBased', 'Developmental')");
                    table.ForeignKey(
                        name: "FK_Facilitators_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MechanismRatings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    MechanismNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EvidenceNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MechanismRatings", x => x.Id);
                    table.CheckConstraint("CK_MechanismRatings_EvidenceNote_Length", "length(\"EvidenceNote\") <= 2000");
                    table.CheckConstraint("CK_MechanismRatings_MechanismNumber_Range", "\"MechanismNumber\" BETWEEN 1 AND 15");
                    table.CheckConstraint("CK_MechanismRatings_Rating_Valid", "\"Rating\" IN ('NotAssessed', 'No', 'Variable', 'Yes')");
                    table.ForeignKey(
                        name: "FK_MechanismRatings_Assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "Assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_AuditRoundId_ProgrammeId_Kind",
                table: "Assessments",
                columns: new[] { "AuditRoundId", "ProgrammeId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_ProgrammeId",
                table: "Assessments",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRounds_Name",
                table: "AuditRounds",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Facilitators_ProgrammeId",
                table: "Facilitators",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_MechanismRatings_AssessmentId_MechanismNumber",
                table: "MechanismRatings",
                columns: new[] { "AssessmentId", "MechanismNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Name",
                table: "Organisations",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Programmes_Code",
                table: "Programmes",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Programmes_ProviderId",
                table: "Programmes",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Facilitators");

            migrationBuilder.DropTable(
                name: "MechanismRatings");

            migrationBuilder.DropTable(
                name: "Assessments");

            migrationBuilder.DropTable(
                name: "AuditRounds");

            migrationBuilder.DropTable(
                name: "Programmes");

            migrationBuilder.DropTable(
                name: "Organisations");
        }
    }
}
