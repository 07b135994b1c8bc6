using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    checked_on = table.Column<DateOnly>(type: "date", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    found = table.Column<bool>(type: "boolean", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    registry_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    legal_form = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    created_on = table.Column<DateOnly>(type: "date", nullable: true),
                    ceased_on = table.Column<DateOnly>(type: "date", nullable: true),
                    activity_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    headcount_band = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    head_office_siret = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    head_office_address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    head_office_postal_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    head_office_city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    notices = table.Column<string>(type: "text", nullable: false),
                    publications = table.Column<string>(type: "text", nullable: false),
                    accounts = table.Column<string>(type: "text", nullable: false),
                    name_differs = table.Column<bool>(type: "boolean", nullable: false),
                    address_differs = table.Column<bool>(type: "boolean", nullable: false),
                    risk_class = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    credit_refused = table.Column<bool>(type: "boolean", nullable: false)
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
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refusal = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    credit_limit_minor = table.Column<long>(type: "bigint", nullable: true),
                    payment_terms = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rules = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
