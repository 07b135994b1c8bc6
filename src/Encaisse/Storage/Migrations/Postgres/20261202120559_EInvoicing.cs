using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EInvoicing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "einvoice_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cashed_for = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    platform_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_einvoice_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "einvoices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seller_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    syntax = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    profile = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    operation_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    file_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    xml = table.Column<byte[]>(type: "bytea", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    imported_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_einvoices", x => x.id);
                    table.ForeignKey(
                        name: "fk_einvoices_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "einvoice_statuses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    e_invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    direction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    code = table.Column<int>(type: "integer", nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    platform_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_einvoice_statuses", x => x.id);
                    table.ForeignKey(
                        name: "fk_einvoice_statuses_einvoices_e_invoice_id",
                        column: x => x.e_invoice_id,
                        principalTable: "einvoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_einvoice_settings_tenant_id",
                table: "einvoice_settings",
                column: "tenant_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_einvoice_statuses_e_invoice_id",
                table: "einvoice_statuses",
                column: "e_invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_einvoice_statuses_tenant_id_direction_state",
                table: "einvoice_statuses",
                columns: new[] { "tenant_id", "direction", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_einvoice_statuses_tenant_id_invoice_id",
                table: "einvoice_statuses",
                columns: new[] { "tenant_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_einvoice_statuses_tenant_id_key",
                table: "einvoice_statuses",
                columns: new[] { "tenant_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_einvoices_invoice_id",
                table: "einvoices",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_einvoices_tenant_id_invoice_id",
                table: "einvoices",
                columns: new[] { "tenant_id", "invoice_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_einvoices_tenant_id_seller_key_number",
                table: "einvoices",
                columns: new[] { "tenant_id", "seller_key", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "einvoice_settings");

            migrationBuilder.DropTable(
                name: "einvoice_statuses");

            migrationBuilder.DropTable(
                name: "einvoices");
        }
    }
}
