using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Factoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "factor",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    contract_number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    iban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    bic = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    mode = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factor", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "factoring_remittance",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    factor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    remitted_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    invoice_count = table.Column<int>(type: "INTEGER", nullable: false),
                    total_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factoring_remittance", x => x.id);
                    table.ForeignKey(
                        name: "fk_factoring_remittance_factor_factor_id",
                        column: x => x.factor_id,
                        principalTable: "factor",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "factoring_assignment",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    factor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    assigned_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    assigned_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    remittance_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_factoring_assignment", x => x.id);
                    table.ForeignKey(
                        name: "fk_factoring_assignment_factor_factor_id",
                        column: x => x.factor_id,
                        principalTable: "factor",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_assignment_factoring_remittance_remittance_id",
                        column: x => x.remittance_id,
                        principalTable: "factoring_remittance",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_factoring_assignment_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_factor_tenant_id_name",
                table: "factor",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_factoring_assignment_factor_id",
                table: "factoring_assignment",
                column: "factor_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_assignment_invoice_id",
                table: "factoring_assignment",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_assignment_remittance_id",
                table: "factoring_assignment",
                column: "remittance_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_assignment_tenant_id_factor_id_remittance_id",
                table: "factoring_assignment",
                columns: new[] { "tenant_id", "factor_id", "remittance_id" });

            migrationBuilder.CreateIndex(
                name: "ix_factoring_assignment_tenant_id_invoice_id",
                table: "factoring_assignment",
                columns: new[] { "tenant_id", "invoice_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_factoring_remittance_factor_id",
                table: "factoring_remittance",
                column: "factor_id");

            migrationBuilder.CreateIndex(
                name: "ix_factoring_remittance_tenant_id_factor_id_sequence",
                table: "factoring_remittance",
                columns: new[] { "tenant_id", "factor_id", "sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "factoring_assignment");

            migrationBuilder.DropTable(
                name: "factoring_remittance");

            migrationBuilder.DropTable(
                name: "factor");
        }
    }
}
