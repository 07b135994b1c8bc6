using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
{
    /// <summary>
    /// The invoices and payments lists' order indexes cover what a text search tests (ADR 1593, Storage/ListOrderIndexes).
    /// No change of the EF model: no target model, the snapshot stays as it is.
    /// </summary>
    [DbContext(typeof(PostgresEncaisseDb))]
    [Migration("20261204041500_CoverSearches")]
    public partial class CoverSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Encaisse.Storage.ListOrderIndexes.CoverSearchesPostgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Encaisse.Storage.ListOrderIndexes.UncoverSearchesPostgres);
        }
    }
}
