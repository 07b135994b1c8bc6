using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Nothing on SQLite: the covering list-order indexes of this migration are PostgreSQL's (Storage/ListOrderIndexes,
    /// ADR 1593). Kept so that both databases have the same migrations.
    /// </summary>
    [DbContext(typeof(SqliteEncaisseDb))]
    [Migration("20261204041459_CoverSearches")]
    public partial class CoverSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
