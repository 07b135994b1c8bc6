using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpeedColl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_promise_to_pay_tenant_id_promised_date_id",
                table: "promise_to_pay",
                columns: new[] { "tenant_id", "promised_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_dunning_action_tenant_id_planned_on_id",
                table: "dunning_action",
                columns: new[] { "tenant_id", "planned_on", "id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_dispute_tenant_id_opened_on_id",
                table: "dispute",
                columns: new[] { "tenant_id", "opened_on", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_promise_to_pay_tenant_id_promised_date_id",
                table: "promise_to_pay");

            migrationBuilder.DropIndex(
                name: "ix_dunning_action_tenant_id_planned_on_id",
                table: "dunning_action");

            migrationBuilder.DropIndex(
                name: "ix_dispute_tenant_id_opened_on_id",
                table: "dispute");
        }
    }
}
