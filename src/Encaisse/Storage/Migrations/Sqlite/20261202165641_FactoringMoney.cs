using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FactoringMoney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "deduction_minor",
                table: "factoring_remittance",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "factoring_deduction",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    remittance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    credit_note_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factoring_deduction", x => x.id);
                    table.ForeignKey(
                        name: "fk_factoring_deduction_factoring_remittance_remittance_id",
                        column: x => x.remittance_id,
                        principalTable: "factoring_remittance",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_deduction_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "factoring_transfer",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    factor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    transferred_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factoring_transfer", x => x.id);
                    table.ForeignKey(
                        name: "fk_factoring_transfer_factor_factor_id",
                        column: x => x.factor_id,
                        principalTable: "factor",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_transfer_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_factoring_deduction_invoice_id",
                table: "factoring_deduction",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_deduction_remittance_id",
                table: "factoring_deduction",
                column: "remittance_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_deduction_tenant_id_invoice_id_credit_note_id",
                table: "factoring_deduction",
                columns: new[] { "tenant_id", "invoice_id", "credit_note_id" });

            migrationBuilder.CreateIndex(
                name: "ix_factoring_transfer_factor_id",
                table: "factoring_transfer",
                column: "factor_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_transfer_invoice_id",
                table: "factoring_transfer",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_transfer_tenant_id_invoice_id",
                table: "factoring_transfer",
                columns: new[] { "tenant_id", "invoice_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "factoring_deduction");

            migrationBuilder.DropTable(
                name: "factoring_transfer");

            migrationBuilder.DropColumn(
                name: "deduction_minor",
                table: "factoring_remittance");
        }
    }
}
