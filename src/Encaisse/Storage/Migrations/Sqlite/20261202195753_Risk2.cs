using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Risk2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "factoring_repurchase",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    factor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    remittance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    assigned_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    assigned_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    repurchased_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factoring_repurchase", x => x.id);
                    table.ForeignKey(
                        name: "fk_factoring_repurchase_factor_factor_id",
                        column: x => x.factor_id,
                        principalTable: "factor",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_repurchase_factoring_remittance_remittance_id",
                        column: x => x.remittance_id,
                        principalTable: "factoring_remittance",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_repurchase_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_factoring_repurchase_factor_id",
                table: "factoring_repurchase",
                column: "factor_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_repurchase_invoice_id",
                table: "factoring_repurchase",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_repurchase_remittance_id",
                table: "factoring_repurchase",
                column: "remittance_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_repurchase_tenant_id_invoice_id",
                table: "factoring_repurchase",
                columns: new[] { "tenant_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_factoring_repurchase_tenant_id_remittance_id",
                table: "factoring_repurchase",
                columns: new[] { "tenant_id", "remittance_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "factoring_repurchase");
        }
    }
}
