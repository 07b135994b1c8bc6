using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
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

            // Text search of the lists (name or reference contains, invoice number starts with): trigram indexes when
            // the pg_trgm extension can be created (a trusted extension since PostgreSQL 13); without it the searches
            // still work, by scanning. Outside the EF model: EF knows nothing of operator classes here.
            migrationBuilder.Sql(Encaisse.Storage.SearchIndexes.CreatePostgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Encaisse.Storage.SearchIndexes.DropPostgres);

            migrationBuilder.DropIndex(
                name: "ix_payments_tenant_id_received_on_id",
                table: "payments");

            migrationBuilder.DropIndex(
                name: "ix_payments_unapplied",
                table: "payments");
        }
    }
}
