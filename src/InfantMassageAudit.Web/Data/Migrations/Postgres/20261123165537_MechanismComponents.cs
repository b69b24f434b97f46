using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MechanismComponents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MetComponents",
                table: "MechanismRatings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "CK_MechanismRatings_MetComponents_Length",
                table: "MechanismRatings",
                sql: "length(\"MetComponents\") <= 200");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_MechanismRatings_MetComponents_Length",
                table: "MechanismRatings");

            migrationBuilder.DropColumn(
                name: "MetComponents",
                table: "MechanismRatings");
        }
    }
}
