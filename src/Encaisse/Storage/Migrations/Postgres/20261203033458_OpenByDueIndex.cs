using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OpenByDueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_invoices_open_due",
                table: "invoices",
                columns: new[] { "tenant_id", "due_date" },
                filter: "cancelled_on IS NULL AND gross_minor > settled_minor");

            migrationBuilder.CreateIndex(
                name: "ix_customers_tenant_id_segment",
                table: "customers",
                columns: new[] { "tenant_id", "segment" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_open_due",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_customers_tenant_id_segment",
                table: "customers");
        }
    }
}
