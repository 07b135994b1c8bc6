using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SpeedList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The invoices list's order (due date, number) as indexes, the open one covering kind and issue date so the
            // open/overdue/not-due selections are counted from the index alone (ADR 1552). Outside the EF model: INCLUDE.
            migrationBuilder.Sql(Encaisse.Storage.ListOrderIndexes.CreatePostgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Encaisse.Storage.ListOrderIndexes.DropPostgres);
        }
    }
}
