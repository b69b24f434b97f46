using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConcurrencyAndChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "MechanismRatings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Assessments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ChangeLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProgrammeId = table.Column<int>(type: "INTEGER", nullable: true),
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeLog", x => x.Id);
                    table.CheckConstraint("CK_ChangeLog_Action_Valid", "\"Action\" IN ('Created', 'Changed', 'Deleted')");
                    table.CheckConstraint("CK_ChangeLog_Actor_Length", "length(\"Actor\") <= 200");
                    table.CheckConstraint("CK_ChangeLog_EntityId_Length", "length(\"EntityId\") <= 60");
                    table.CheckConstraint("CK_ChangeLog_EntityType_Length", "length(\"EntityType\") <= 60");
                    table.CheckConstraint("CK_ChangeLog_Field_Length", "length(\"Field\") <= 60");
                    table.CheckConstraint("CK_ChangeLog_NewValue_Length", "length(\"NewValue\") <= 2000");
                    table.CheckConstraint("CK_ChangeLog_OldValue_Length", "length(\"OldValue\") <= 2000");
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_AssessmentId",
                table: "ChangeLog",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_EntityType_EntityId",
                table: "ChangeLog",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeLog_ProgrammeId",
                table: "ChangeLog",
                column: "ProgrammeId");

            // The change log is append-only: the database itself refuses to change or remove an entry.
            migrationBuilder.Sql(@"CREATE TRIGGER ""ChangeLog_NoUpdate"" BEFORE UPDATE ON ""ChangeLog"" BEGIN SELECT RAISE(ABORT, 'The change log is append-only.'); END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ""ChangeLog_NoDelete"" BEFORE DELETE ON ""ChangeLog"" BEGIN SELECT RAISE(ABORT, 'The change log is append-only.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ""ChangeLog_NoUpdate"";");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ""ChangeLog_NoDelete"";");

            migrationBuilder.DropTable(
                name: "ChangeLog");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "MechanismRatings");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Assessments");
        }
    }
}
