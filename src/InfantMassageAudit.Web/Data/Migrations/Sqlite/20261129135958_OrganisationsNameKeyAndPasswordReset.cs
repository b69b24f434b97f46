using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrganisationsNameKeyAndPasswordReset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Organisations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // --- HAND-WRITTEN (issue 11, organisations): keep between adding NameKey and creating its unique index. ---
            // Existing organisations get a unique placeholder key; at start-up OrganisationNameKeys.BackfillAsync
            // replaces it with the normalised name (NFKC and the rest are .NET code, not SQL), marking lookalikes
            // of an older organisation "#duplicate:<id>:<key>" for an administrator to merge.
            migrationBuilder.Sql("UPDATE \"Organisations\" SET \"NameKey\" = '#pending:' || CAST(\"Id\" AS TEXT);");
            // --- END HAND-WRITTEN ---

            migrationBuilder.AddColumn<bool>(
                name: "MustChangePassword",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_NameKey",
                table: "Organisations",
                column: "NameKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_NameKey",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "MustChangePassword",
                table: "AspNetUsers");
        }
    }
}
