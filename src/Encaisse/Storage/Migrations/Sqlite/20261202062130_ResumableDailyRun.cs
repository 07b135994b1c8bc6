using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResumableDailyRun : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "attempt_started_at",
                table: "dunning_action",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dunning_daily_run",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    run_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    covers_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    phase = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    claims = table.Column<int>(type: "INTEGER", nullable: false),
                    owners = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    report = table.Column<string>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dunning_daily_run", x => x.id);
                    table.ForeignKey(
                        name: "fk_dunning_daily_run_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registry_check",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    checked_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registry_check", x => x.id);
                    table.ForeignKey(
                        name: "fk_registry_check_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dunning_daily_run_tenant_id_run_on",
                table: "dunning_daily_run",
                columns: new[] { "tenant_id", "run_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_registry_check_customer_id",
                table: "registry_check",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_registry_check_tenant_id_customer_id",
                table: "registry_check",
                columns: new[] { "tenant_id", "customer_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dunning_daily_run");

            migrationBuilder.DropTable(
                name: "registry_check");

            migrationBuilder.DropColumn(
                name: "attempt_started_at",
                table: "dunning_action");
        }
    }
}
