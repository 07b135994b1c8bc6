using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsuranceAndOnboarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "decision",
                table: "buyer_limit",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "decision_reference",
                table: "buyer_limit",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "insurance_declaration",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    declared_on = table.Column<DateOnly>(type: "date", nullable: false),
                    open_minor = table.Column<long>(type: "bigint", nullable: false),
                    covered_minor = table.Column<long>(type: "bigint", nullable: false),
                    declared_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insurance_declaration", x => x.id);
                    table.ForeignKey(
                        name: "fk_insurance_declaration_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_insurance_declaration_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "insurance_policy",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    insurer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    policy_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    max_credit_days = table.Column<int>(type: "integer", nullable: false),
                    declaration_days = table.Column<int>(type: "integer", nullable: false),
                    indemnity_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    discretionary_limit_minor = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    keep_dunning_after_claim = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insurance_policy", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_insurance_declaration_customer_id",
                table: "insurance_declaration",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_insurance_declaration_invoice_id",
                table: "insurance_declaration",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_insurance_declaration_tenant_id_customer_id",
                table: "insurance_declaration",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_insurance_declaration_tenant_id_invoice_id",
                table: "insurance_declaration",
                columns: new[] { "tenant_id", "invoice_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_insurance_policy_tenant_id",
                table: "insurance_policy",
                column: "tenant_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insurance_declaration");

            migrationBuilder.DropTable(
                name: "insurance_policy");

            migrationBuilder.DropColumn(
                name: "decision",
                table: "buyer_limit");

            migrationBuilder.DropColumn(
                name: "decision_reference",
                table: "buyer_limit");
        }
    }
}
