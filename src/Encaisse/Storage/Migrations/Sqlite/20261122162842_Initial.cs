using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Encaisse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_key",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_key", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    vat_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    address_line1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    address_line2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    address_postal_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    address_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    address_country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    iban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    bic = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    default_payment_terms = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    external_ref = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    legal_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    siret = table.Column<string>(type: "TEXT", maxLength: 14, nullable: true),
                    vat_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    billing_line1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    billing_line2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    billing_postal_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    billing_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    billing_country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    segment = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    collector = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    credit_limit_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    payment_terms = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    risk_class = table.Column<string>(type: "TEXT", maxLength: 1, nullable: true),
                    insolvency_opened_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    insolvency_kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ceased_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    pays_by_direct_debit = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                    table.ForeignKey(
                        name: "fk_customers_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    raised_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "buyer_limit",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    insurer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    policy_number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    declaration_days = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_buyer_limit", x => x.id);
                    table.ForeignKey(
                        name: "fk_buyer_limit_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collection_task",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    dunning_action_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_task", x => x.id);
                    table.ForeignKey(
                        name: "fk_collection_task_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    is_primary = table.Column<bool>(type: "INTEGER", nullable: false),
                    email_failing = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dispute",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    opened_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    credit_note_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispute", x => x.id);
                    table.ForeignKey(
                        name: "fk_dispute_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dunning_hold",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dunning_hold", x => x.id);
                    table.ForeignKey(
                        name: "fk_dunning_hold_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    issue_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    net_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    tax_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    gross_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    purchase_order_ref = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    is_factored = table.Column<bool>(type: "INTEGER", nullable: false),
                    cancelled_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                    table.ForeignKey(
                        name: "fk_invoices_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payment_plan",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    total_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_plan", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_plan_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    payer_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    payer_iban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                    table.ForeignKey(
                        name: "fk_payments_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "promise_to_pay",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    promised_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    resolved_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promise_to_pay", x => x.id);
                    table.ForeignKey(
                        name: "fk_promise_to_pay_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "timeline_event",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_timeline_event", x => x.id);
                    table.ForeignKey(
                        name: "fk_timeline_event_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unbilled_order",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ordered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    deposit_required = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unbilled_order", x => x.id);
                    table.ForeignKey(
                        name: "fk_unbilled_order_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "disputed_invoice",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    dispute_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disputed_invoice", x => x.id);
                    table.ForeignKey(
                        name: "fk_disputed_invoice_dispute_dispute_id",
                        column: x => x.dispute_id,
                        principalTable: "dispute",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_disputed_invoice_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "instalments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instalments", x => x.id);
                    table.ForeignKey(
                        name: "fk_instalments_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_plan_instalment",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    payment_plan_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_plan_instalment", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_plan_instalment_payment_plan_payment_plan_id",
                        column: x => x.payment_plan_id,
                        principalTable: "payment_plan",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    invoice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    payment_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    credit_note_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    amount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    allocated_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_allocations", x => x.id);
                    table.ForeignKey(
                        name: "fk_allocations_invoices_credit_note_id",
                        column: x => x.credit_note_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_allocations_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_allocations_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_customer_id",
                table: "alert",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_alert_tenant_id_key",
                table: "alert",
                columns: new[] { "tenant_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alert_tenant_id_status_raised_on",
                table: "alert",
                columns: new[] { "tenant_id", "status", "raised_on" });

            migrationBuilder.CreateIndex(
                name: "ix_allocations_credit_note_id",
                table: "allocations",
                column: "credit_note_id");

            migrationBuilder.CreateIndex(
                name: "ix_allocations_invoice_id",
                table: "allocations",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_allocations_payment_id",
                table: "allocations",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_allocations_tenant_id_invoice_id",
                table: "allocations",
                columns: new[] { "tenant_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_api_key_hash",
                table: "api_key",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_buyer_limit_customer_id",
                table: "buyer_limit",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_buyer_limit_tenant_id_customer_id",
                table: "buyer_limit",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_task_customer_id",
                table: "collection_task",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_task_tenant_id_customer_id",
                table: "collection_task",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_task_tenant_id_status_due_on",
                table: "collection_task",
                columns: new[] { "tenant_id", "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_customer_id",
                table: "contacts",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customers_tenant_id_external_ref",
                table: "customers",
                columns: new[] { "tenant_id", "external_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_tenant_id_legal_name",
                table: "customers",
                columns: new[] { "tenant_id", "legal_name" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_tenant_id_siren",
                table: "customers",
                columns: new[] { "tenant_id", "siren" });

            migrationBuilder.CreateIndex(
                name: "ix_dispute_customer_id",
                table: "dispute",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_dispute_tenant_id_customer_id",
                table: "dispute",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_dispute_tenant_id_status",
                table: "dispute",
                columns: new[] { "tenant_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_disputed_invoice_dispute_id",
                table: "disputed_invoice",
                column: "dispute_id");

            migrationBuilder.CreateIndex(
                name: "ix_disputed_invoice_invoice_id",
                table: "disputed_invoice",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_disputed_invoice_tenant_id_invoice_id",
                table: "disputed_invoice",
                columns: new[] { "tenant_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_dunning_hold_customer_id",
                table: "dunning_hold",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_dunning_hold_tenant_id_customer_id",
                table: "dunning_hold",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_instalments_invoice_id_sequence",
                table: "instalments",
                columns: new[] { "invoice_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_customer_id",
                table: "invoices",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_customer_id",
                table: "invoices",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_due_date",
                table: "invoices",
                columns: new[] { "tenant_id", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_tenant_id_number",
                table: "invoices",
                columns: new[] { "tenant_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_plan_customer_id",
                table: "payment_plan",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_plan_tenant_id_customer_id",
                table: "payment_plan",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_plan_instalment_payment_plan_id_sequence",
                table: "payment_plan_instalment",
                columns: new[] { "payment_plan_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_customer_id",
                table: "payments",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_tenant_id_customer_id",
                table: "payments",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_tenant_id_reference",
                table: "payments",
                columns: new[] { "tenant_id", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promise_to_pay_customer_id",
                table: "promise_to_pay",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_promise_to_pay_tenant_id_customer_id",
                table: "promise_to_pay",
                columns: new[] { "tenant_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_promise_to_pay_tenant_id_status_promised_date",
                table: "promise_to_pay",
                columns: new[] { "tenant_id", "status", "promised_date" });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_code",
                table: "tenants",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_timeline_event_customer_id",
                table: "timeline_event",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_timeline_event_tenant_id_customer_id_at",
                table: "timeline_event",
                columns: new[] { "tenant_id", "customer_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_unbilled_order_customer_id",
                table: "unbilled_order",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_unbilled_order_tenant_id_customer_id_status",
                table: "unbilled_order",
                columns: new[] { "tenant_id", "customer_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_unbilled_order_tenant_id_reference",
                table: "unbilled_order",
                columns: new[] { "tenant_id", "reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert");

            migrationBuilder.DropTable(
                name: "allocations");

            migrationBuilder.DropTable(
                name: "api_key");

            migrationBuilder.DropTable(
                name: "buyer_limit");

            migrationBuilder.DropTable(
                name: "collection_task");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "disputed_invoice");

            migrationBuilder.DropTable(
                name: "dunning_hold");

            migrationBuilder.DropTable(
                name: "instalments");

            migrationBuilder.DropTable(
                name: "payment_plan_instalment");

            migrationBuilder.DropTable(
                name: "promise_to_pay");

            migrationBuilder.DropTable(
                name: "timeline_event");

            migrationBuilder.DropTable(
                name: "unbilled_order");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "dispute");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropTable(
                name: "payment_plan");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
