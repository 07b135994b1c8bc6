using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_payments_tenant_id_received_on_id",
                table: "payments",
                columns: new[] { "tenant_id", "received_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_unapplied",
                table: "payments",
                columns: new[] { "tenant_id", "currency" },
                filter: "amount_minor > allocated_minor");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payments_tenant_id_received_on_id",
                table: "payments");

            migrationBuilder.DropIndex(
                name: "ix_payments_unapplied",
                table: "payments");
        }
    }
}
