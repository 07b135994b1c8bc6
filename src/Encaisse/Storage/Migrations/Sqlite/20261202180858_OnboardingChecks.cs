using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OnboardingChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "company_check",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    checked_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    found = table.Column<bool>(type: "INTEGER", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    registry_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    legal_form = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ceased_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    activity_code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    headcount_band = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    head_office_siret = table.Column<string>(type: "TEXT", maxLength: 14, nullable: true),
                    head_office_address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    head_office_postal_code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    head_office_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    notices = table.Column<string>(type: "TEXT", nullable: false),
                    publications = table.Column<string>(type: "TEXT", nullable: false),
                    accounts = table.Column<string>(type: "TEXT", nullable: false),
                    name_differs = table.Column<bool>(type: "INTEGER", nullable: false),
                    address_differs = table.Column<bool>(type: "INTEGER", nullable: false),
                    risk_class = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    credit_refused = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_check", x => x.id);
                    table.ForeignKey(
                        name: "fk_company_check_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "company_check_request",
                columns: table => new
                {
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_check_request", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_company_check_request_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "credit_override",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    refusal = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    credit_limit_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    payment_terms = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_override", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_override_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_policy",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rules = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_policy", x => x.id);
                    table.ForeignKey(
                        name: "fk_risk_policy_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_company_check_customer_id",
                table: "company_check",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_company_check_tenant_id_customer_id_checked_on",
                table: "company_check",
                columns: new[] { "tenant_id", "customer_id", "checked_on" });

            migrationBuilder.CreateIndex(
                name: "ix_company_check_request_tenant_id",
                table: "company_check_request",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_credit_override_customer_id",
                table: "credit_override",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_credit_override_tenant_id_customer_id",
                table: "credit_override",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_policy_tenant_id",
                table: "risk_policy",
                column: "tenant_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "company_check");

            migrationBuilder.DropTable(
                name: "company_check_request");

            migrationBuilder.DropTable(
                name: "credit_override");

            migrationBuilder.DropTable(
                name: "risk_policy");
        }
    }
}
