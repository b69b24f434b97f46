using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RatingsNotRatedYetAndClosedRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written note (issue 11 item 5): MechanismRatings.Rating becomes nullable, null meaning
            // "not rated yet". No back-fill: every existing row keeps its stored value, so an existing
            // "NotAssessed" stays Not assessed (a deliberate answer) and only assessments started after
            // this migration begin with nulls. AuditRounds.ClosedAt is new and null (open) for every round.
            migrationBuilder.AlterColumn<string>(
                name: "Rating",
                table: "MechanismRatings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "AuditRounds",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Hand-written: the old schema had no "not rated yet"; the nearest old meaning is Not assessed.
            migrationBuilder.Sql("UPDATE \"MechanismRatings\" SET \"Rating\" = 'NotAssessed' WHERE \"Rating\" IS NULL;");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "AuditRounds");

            migrationBuilder.AlterColumn<string>(
                name: "Rating",
                table: "MechanismRatings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20,
                oldNullable: true);
        }
    }
}
