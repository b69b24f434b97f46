using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfantMassageAudit.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionsServerSideSessionsAndSignInAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NormalisedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInAttempts", x => x.Id);
                    table.CheckConstraint("CK_SignInAttempts_ClientAddress_Length", "length(\"ClientAddress\") <= 45");
                    table.CheckConstraint("CK_SignInAttempts_NormalisedEmail_Length", "length(\"NormalisedEmail\") <= 256");
                    table.CheckConstraint("CK_SignInAttempts_Outcome_Valid", "\"Outcome\" IN ('Succeeded', 'WrongPassword', 'WrongCurrentPassword')");
                });

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastActiveAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserSessions", x => new { x.UserId, x.Id });
                    table.CheckConstraint("CK_UserSessions_ClientAddress_Length", "length(\"ClientAddress\") <= 45");
                    table.CheckConstraint("CK_UserSessions_EndReason_Valid", "\"EndReason\" IN ('SignedOut', 'EndedByOwner', 'PasswordChanged', 'Deactivated', 'AccessChanged', 'TooManyWrongPasswords')");
                    table.CheckConstraint("CK_UserSessions_Id_Length", "length(\"Id\") <= 64");
                    table.CheckConstraint("CK_UserSessions_UserAgent_Length", "length(\"UserAgent\") <= 300");
                    table.ForeignKey(
                        name: "FK_UserSessions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_At",
                table: "SignInAttempts",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_ClientAddress_At",
                table: "SignInAttempts",
                columns: new[] { "ClientAddress", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_NormalisedEmail_At",
                table: "SignInAttempts",
                columns: new[] { "NormalisedEmail", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInAttempts");

            migrationBuilder.DropTable(
                name: "UserSessions");
        }
    }
}
