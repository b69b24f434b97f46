using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReachAndAreaNeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CompletedAfterSessions",
                table: "AuditRounds",
                type: "INTEGER",
                nullable: false,
                defaultValue: 4);

            migrationBuilder.CreateTable(
                name: "AreaNeeds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LocationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Births = table.Column<int>(type: "INTEGER", nullable: false),
                    FamiliesWithAnyIndicator = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RecordedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AreaNeeds", x => x.Id);
                    table.CheckConstraint("CK_AreaNeeds_Births", "\"Births\" BETWEEN 1 AND 200000");
                    table.CheckConstraint("CK_AreaNeeds_Families", "\"FamiliesWithAnyIndicator\" BETWEEN 0 AND \"Births\"");
                    table.CheckConstraint("CK_AreaNeeds_Location_Length", "length(\"Location\") <= 200");
                    table.CheckConstraint("CK_AreaNeeds_LocationKey_Length", "length(\"LocationKey\") <= 200");
                    table.CheckConstraint("CK_AreaNeeds_RecordedById_Length", "length(\"RecordedById\") <= 450");
                    table.CheckConstraint("CK_AreaNeeds_Source_Length", "length(\"Source\") <= 500");
                    table.CheckConstraint("CK_AreaNeeds_Year", "\"Year\" BETWEEN 2000 AND 2100");
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeReach",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeId = table.Column<int>(type: "INTEGER", nullable: false),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    InvitedTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    InvitedWithNeed = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedWithNeed = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedWithNeed = table.Column<int>(type: "INTEGER", nullable: false),
                    EnteredById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeReach", x => x.Id);
                    table.CheckConstraint("CK_ProgrammeReach_CompletedWithNeed", "\"CompletedWithNeed\" BETWEEN 0 AND \"CompletedTotal\"");
                    table.CheckConstraint("CK_ProgrammeReach_ConfirmedById_Length", "length(\"ConfirmedById\") <= 450");
                    table.CheckConstraint("CK_ProgrammeReach_EnteredById_Length", "length(\"EnteredById\") <= 450");
                    table.CheckConstraint("CK_ProgrammeReach_Funnel", "\"CompletedTotal\" <= \"StartedTotal\" AND \"StartedTotal\" <= \"InvitedTotal\" AND \"InvitedTotal\" <= 10000");
                    table.CheckConstraint("CK_ProgrammeReach_InvitedWithNeed", "\"InvitedWithNeed\" BETWEEN 0 AND \"InvitedTotal\"");
                    table.CheckConstraint("CK_ProgrammeReach_StartedWithNeed", "\"StartedWithNeed\" BETWEEN 0 AND \"StartedTotal\"");
                    table.ForeignKey(
                        name: "FK_ProgrammeReach_AuditRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "AuditRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProgrammeReach_Programmes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "Programmes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AreaNeedIndicators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AreaNeedId = table.Column<int>(type: "INTEGER", nullable: false),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Families = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AreaNeedIndicators", x => x.Id);
                    table.CheckConstraint("CK_AreaNeedIndicators_Families", "\"Families\" >= 1");
                    table.CheckConstraint("CK_AreaNeedIndicators_Indicator_Valid", "\"Indicator\" IN ('TraumaticBirth', 'NeonatalIntensiveCare', 'PreviousLoss', 'ParentalMentalIllHealth', 'TeenagePregnancy', 'UnplannedPregnancy', 'RecoveryFromBirth', 'SleepDeprivation', 'FeedingConcerns', 'RelationshipDifficulties', 'DomesticAbuse', 'SubstanceMisuse', 'FinancialEmploymentOrHousing', 'CareExperiencedOrAdverseChildhood', 'LackOfSupport')");
                    table.ForeignKey(
                        name: "FK_AreaNeedIndicators_AreaNeeds_AreaNeedId",
                        column: x => x.AreaNeedId,
                        principalTable: "AreaNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReachIndicatorCounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeReachId = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReachIndicatorCounts", x => x.Id);
                    table.CheckConstraint("CK_ReachIndicatorCounts_Count", "\"Count\" BETWEEN 1 AND 10000");
                    table.CheckConstraint("CK_ReachIndicatorCounts_Indicator_Valid", "\"Indicator\" IN ('TraumaticBirth', 'NeonatalIntensiveCare', 'PreviousLoss', 'ParentalMentalIllHealth', 'TeenagePregnancy', 'UnplannedPregnancy', 'RecoveryFromBirth', 'SleepDeprivation', 'FeedingConcerns', 'RelationshipDifficulties', 'DomesticAbuse', 'SubstanceMisuse', 'FinancialEmploymentOrHousing', 'CareExperiencedOrAdverseChildhood', 'LackOfSupport')");
                    table.CheckConstraint("CK_ReachIndicatorCounts_Stage_Valid", "\"Stage\" IN ('Invited', 'Started', 'Completed')");
                    table.ForeignKey(
                        name: "FK_ReachIndicatorCounts_ProgrammeReach_ProgrammeReachId",
                        column: x => x.ProgrammeReachId,
                        principalTable: "ProgrammeReach",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReachRouteCounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgrammeReachId = table.Column<int>(type: "INTEGER", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReachRouteCounts", x => x.Id);
                    table.CheckConstraint("CK_ReachRouteCounts_Count", "\"Count\" BETWEEN 1 AND 10000");
                    table.CheckConstraint("CK_ReachRouteCounts_Route_Valid", "\"Route\" IN ('HealthVisitor', 'Midwife', 'FamilyWorker', 'SelfReferral', 'Other')");
                    table.ForeignKey(
                        name: "FK_ReachRouteCounts_ProgrammeReach_ProgrammeReachId",
                        column: x => x.ProgrammeReachId,
                        principalTable: "ProgrammeReach",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_AuditRounds_CompletedAfterSessions",
                table: "AuditRounds",
                sql: "\"CompletedAfterSessions\" BETWEEN 1 AND 20");

            migrationBuilder.CreateIndex(
                name: "IX_AreaNeedIndicators_AreaNeedId_Indicator",
                table: "AreaNeedIndicators",
                columns: new[] { "AreaNeedId", "Indicator" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AreaNeeds_LocationKey_Year",
                table: "AreaNeeds",
                columns: new[] { "LocationKey", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeReach_ProgrammeId_RoundId",
                table: "ProgrammeReach",
                columns: new[] { "ProgrammeId", "RoundId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeReach_RoundId",
                table: "ProgrammeReach",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_ReachIndicatorCounts_ProgrammeReachId_Stage_Indicator",
                table: "ReachIndicatorCounts",
                columns: new[] { "ProgrammeReachId", "Stage", "Indicator" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReachRouteCounts_ProgrammeReachId_Route",
                table: "ReachRouteCounts",
                columns: new[] { "ProgrammeReachId", "Route" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AreaNeedIndicators");

            migrationBuilder.DropTable(
                name: "ReachIndicatorCounts");

            migrationBuilder.DropTable(
                name: "ReachRouteCounts");

            migrationBuilder.DropTable(
                name: "AreaNeeds");

            migrationBuilder.DropTable(
                name: "ProgrammeReach");

            migrationBuilder.DropCheckConstraint(
                name: "CK_AuditRounds_CompletedAfterSessions",
                table: "AuditRounds");

            migrationBuilder.DropColumn(
                name: "CompletedAfterSessions",
                table: "AuditRounds");
        }
    }
}
