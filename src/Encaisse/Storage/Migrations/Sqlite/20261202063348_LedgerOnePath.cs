using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerOnePath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_tenant_id_customer_id",
                table: "invoices");

            migrationBuilder.AddColumn<int>(
                name: "credit_note_application",
                table: "tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "allocated_minor",
                table: "payments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_cancelled_on",
                table: "invoices",
                columns: new[] { "tenant_id", "cancelled_on" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_customer_id_issue_date",
                table: "invoices",
                columns: new[] { "tenant_id", "customer_id", "issue_date" });

            migrationBuilder.CreateIndex(
                name: "ix_instalments_tenant_id_invoice_id",
                table: "instalments",
                columns: new[] { "tenant_id", "invoice_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_tenant_id_cancelled_on",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_invoices_tenant_id_customer_id_issue_date",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_instalments_tenant_id_invoice_id",
                table: "instalments");

            migrationBuilder.DropColumn(
                name: "credit_note_application",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "allocated_minor",
                table: "payments");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_customer_id",
                table: "invoices",
                columns: new[] { "tenant_id", "customer_id" });
        }
    }
}
