using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatementFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "bank_transaction",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "balance_difference_minor",
                table: "bank_statement",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_flagged",
                table: "bank_statement",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "details",
                table: "bank_transaction");

            migrationBuilder.DropColumn(
                name: "balance_difference_minor",
                table: "bank_statement");

            migrationBuilder.DropColumn(
                name: "is_flagged",
                table: "bank_statement");
        }
    }
}
