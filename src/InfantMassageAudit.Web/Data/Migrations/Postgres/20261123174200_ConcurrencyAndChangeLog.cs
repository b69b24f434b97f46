using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Assessments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ChangeLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Field = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    OldValue = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NewValue = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProgrammeId = table.Column<int>(type: "integer", nullable: true),
                    AssessmentId = table.Column<int>(type: "integer", nullable: true)
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
            migrationBuilder.Sql(@"CREATE FUNCTION change_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The change log is append-only.'; END; $$;");
            migrationBuilder.Sql(@"CREATE TRIGGER ""ChangeLog_AppendOnly"" BEFORE UPDATE OR DELETE ON ""ChangeLog"" FOR EACH ROW EXECUTE FUNCTION change_log_is_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER ""ChangeLog_NoTruncate"" BEFORE TRUNCATE ON ""ChangeLog"" FOR EACH STATEMENT EXECUTE FUNCTION change_log_is_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ""ChangeLog_NoTruncate"" ON ""ChangeLog"";");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ""ChangeLog_AppendOnly"" ON ""ChangeLog"";");
            migrationBuilder.Sql(@"DROP FUNCTION IF EXISTS change_log_is_append_only();");

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
