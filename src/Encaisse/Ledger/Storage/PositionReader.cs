using System.Data.Common;
using System.Globalization;
using Encaisse.Storage;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// The reads behind a <see cref="CustomerPosition"/> — the customer with its contacts, its documents with their
/// instalments, the allocations on them, its payments and what is allocated from them — and the tenant lookup of the
/// CLI, in plain parameterised SQL over an ADO.NET connection, every statement restricted to the tenant explicitly.
/// <see cref="CustomerPositions"/> reads through it on the context's connection (API, pages, operations) and the CLI on
/// a raw connection, so a short verb never starts EF (its first use costs ~600 ms of CPU per process; issue 11, ADR 1170).
/// The entities are filled column by column, every mapped property, as EF would read them untracked;
/// <c>PositionReaderTests</c> compares them with EF's reads on both databases.
/// </summary>
public sealed class PositionReader
{
    private const string TenantColumns = """
        id, code, name, siren, siret, legal_form, share_capital_minor, registration_city, vat_number,
        address_line1, address_line2, address_postal_code, address_city, address_country, iban, bic, email, phone,
        default_payment_terms, currency, time_zone, credit_note_application, created_at
        """;

    private const string CustomerColumns = """
        id, tenant_id, external_ref, kind, legal_name, siren, siret, vat_number,
        billing_line1, billing_line2, billing_postal_code, billing_city, billing_country, language, segment, collector,
        credit_limit_minor, payment_terms, risk_class, insolvency_opened_on, insolvency_kind, ceased_on, pays_by_direct_debit,
        created_at, updated_at, pseudonymised_at
        """;

    private const string ContactColumns = "id, tenant_id, customer_id, name, role, email, phone, is_primary, email_failing";

    private const string InvoiceColumns = """
        id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor,
        purchase_order_ref, is_factored, cancelled_on, source, fiscal_year_start, created_at, updated_at
        """;

    private const string InstalmentColumns = "id, tenant_id, invoice_id, sequence, due_date, amount_minor";

    private const string PaymentColumns = """
        id, tenant_id, customer_id, reference, received_on, amount_minor, currency, method, payer_name, payer_iban, source,
        fiscal_year_start, created_at
        """;

    private const string AllocationColumns = "id, tenant_id, invoice_id, payment_id, credit_note_id, amount_minor, allocated_on, source, created_at";

    private readonly DbConnection connection;
    private readonly DbTransaction? transaction;
    private readonly bool sqlite;
    private readonly Guid tenantId;

    /// <param name="connection">An open connection.</param>
    /// <param name="provider">How ids and dates are stored (SQLite: upper-case GUID and ISO date text).</param>
    /// <param name="tenantId">The tenant every read is restricted to.</param>
    /// <param name="transaction">The connection's open transaction, if any (SQLite requires the commands to carry it).</param>
    public PositionReader(DbConnection connection, DatabaseProvider provider, Guid tenantId, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.transaction = transaction;
        sqlite = provider == DatabaseProvider.Sqlite;
        this.tenantId = tenantId;
    }

    /// <summary>
    /// The tenant with this code, or (no code) the first two tenants by code — what the CLI needs to tell "the only
    /// tenant" from "none" and "several". Not restricted to a tenant: it is how the tenant is found.
    /// </summary>
    public Task<List<Tenant>> TenantsAsync(string? code, CancellationToken ct) => code is null
        ? QueryAsync($"SELECT {TenantColumns} FROM tenants ORDER BY code LIMIT 2", [], ReadTenant, ct)
        : QueryAsync($"SELECT {TenantColumns} FROM tenants WHERE code = @code", [("@code", code)], ReadTenant, ct);

    /// <summary>The customer with this reference and its contacts, or null.</summary>
    public async Task<Customer?> CustomerAsync(string externalRef, CancellationToken ct)
    {
        var customers = await QueryAsync($"SELECT {CustomerColumns} FROM customers WHERE tenant_id = @tenant AND external_ref = @ref",
            [("@ref", externalRef)], ReadCustomer, ct);
        if (customers.Count == 0)
        {
            return null;
        }

        var customer = customers.Single();
        customer.Contacts = await QueryAsync($"SELECT {ContactColumns} FROM contacts WHERE tenant_id = @tenant AND customer_id = @customer ORDER BY id",
            [("@customer", customer.Id)], ReadContact, ct);
        return customer;
    }

    /// <summary>
    /// The whole position: every document issued by <paramref name="asOf"/>, the allocations on them and on the
    /// customer's payments received by then (<see cref="CustomerPositions.LoadAsync"/>).
    /// </summary>
    public Task<CustomerPosition> PositionAsync(Guid customerId, DateOnly asOf, CancellationToken ct) =>
        ReadAsync(customerId, asOf,
            "customer_id = @customer AND issue_date <= @asOf",
            "customer_id = @customer AND received_on <= @asOf", ct);

    /// <summary>
    /// The position from the documents not fully settled and the payments not fully allocated
    /// (<see cref="CustomerPositions.LoadOpenAsync"/>): the same open items, credits and balances as
    /// <see cref="PositionAsync"/>, which it reads instead for a date before the tenant's latest allocation.
    /// </summary>
    public async Task<CustomerPosition> OpenPositionAsync(Guid customerId, DateOnly asOf, CancellationToken ct)
    {
        // A document settled today may have been open on an earlier date: past dates read the whole customer.
        var latest = await QueryAsync("SELECT MAX(allocated_on) FROM allocations WHERE tenant_id = @tenant", [],
            r => r.IsDBNull(0) ? (DateOnly?)null : Date(r, 0), ct);
        if (latest[0] is { } last && last > asOf)
        {
            return await PositionAsync(customerId, asOf, ct);
        }

        return await ReadAsync(customerId, asOf,
            $"customer_id = @customer AND issue_date <= @asOf AND (cancelled_on IS NULL OR cancelled_on > @asOf) AND gross_minor > {SettledTotals.Column}",
            """
            customer_id = @customer AND received_on <= @asOf
            AND amount_minor > COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.tenant_id = @tenant AND a.payment_id = payments.id), 0)
            """, ct);
    }

    private async Task<CustomerPosition> ReadAsync(Guid customerId, DateOnly asOf, string documentFilter, string paymentFilter, CancellationToken ct)
    {
        (string, object?)[] p = [("@customer", customerId), ("@asOf", asOf)];
        var invoices = await QueryAsync($"SELECT {InvoiceColumns} FROM invoices WHERE tenant_id = @tenant AND {documentFilter} ORDER BY id", p, ReadInvoice, ct);
        var ids = invoices.Select(i => i.Id).ToList();
        // The documents' and payments' ids are sent as lists, not as sub-queries: PostgreSQL then reads the allocations
        // by their invoice, credit-note and payment indexes instead of scanning every allocation of the tenant.
        var instalments = (await ByIdsAsync($"SELECT {InstalmentColumns} FROM instalments WHERE tenant_id = @tenant AND invoice_id IN ({{0}}) ORDER BY invoice_id, id",
                ids, p, ReadInstalment, ct))
            .ToLookup(i => i.InvoiceId);
        foreach (var invoice in invoices)
        {
            invoice.Instalments = instalments[invoice.Id].ToList();
        }

        // Allocations on the documents, then those of the payments not already read (allocations to settled invoices).
        var allocations = await ByIdsAsync($$"""
            SELECT {{AllocationColumns}} FROM allocations
            WHERE tenant_id = @tenant AND allocated_on <= @asOf AND (invoice_id IN ({0}) OR credit_note_id IN ({0}))
            ORDER BY id
            """, ids, p, ReadAllocation, ct);
        var received = await QueryAsync($"SELECT {PaymentColumns} FROM payments WHERE tenant_id = @tenant AND {paymentFilter} ORDER BY id", p, ReadPayment, ct);
        var seen = allocations.Select(a => a.Id).ToHashSet();
        var fromPayments = (await ByIdsAsync($$"""
                SELECT {{AllocationColumns}} FROM allocations
                WHERE tenant_id = @tenant AND allocated_on <= @asOf AND payment_id IN ({0})
                ORDER BY id
                """, received.Select(r => r.Id).ToList(), p, ReadAllocation, ct)).Where(a => !seen.Contains(a.Id));
        return CustomerPosition.Compute(customerId, asOf, invoices, allocations.Concat(fromPayments), received);
    }

    /// <summary>
    /// Runs <paramref name="template"/> with its <c>{0}</c> replaced by a list of id parameters, 500 ids at a time; no
    /// query when there are none.
    /// </summary>
    private async Task<List<T>> ByIdsAsync<T>(string template, List<Guid> ids, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read,
        CancellationToken ct)
    {
        var rows = new List<T>();
        foreach (var chunk in ids.Chunk(500))
        {
            var names = chunk.Select((_, k) => "@id" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
            var sql = string.Format(CultureInfo.InvariantCulture, template, string.Join(", ", names));
            rows.AddRange(await QueryAsync(sql, [.. parameters, .. names.Zip(chunk, (n, id) => (n, (object?)id))], read, ct));
        }

        return rows;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "@tenant", tenantId);
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            Guid g when sqlite => g.ToString().ToUpperInvariant(),
            DateOnly d when sqlite => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => value,
        };
        command.Parameters.Add(parameter);
    }

    private Tenant ReadTenant(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        Code = r.GetString(1),
        Name = r.GetString(2),
        Siren = Text(r, 3),
        Siret = Text(r, 4),
        LegalForm = Text(r, 5),
        ShareCapitalMinor = r.IsDBNull(6) ? null : r.GetInt64(6),
        RegistrationCity = Text(r, 7),
        VatNumber = Text(r, 8),
        Address = new PostalAddress { Line1 = Text(r, 9), Line2 = Text(r, 10), PostalCode = Text(r, 11), City = Text(r, 12), Country = Text(r, 13)! },
        Iban = Text(r, 14),
        Bic = Text(r, 15),
        Email = Text(r, 16),
        Phone = Text(r, 17),
        DefaultPaymentTerms = r.GetString(18),
        Currency = r.GetString(19),
        TimeZone = r.GetString(20),
        CreditNoteApplication = (CreditNoteApplication)r.GetInt32(21),
        CreatedAt = Instant(r, 22),
    };

    private Customer ReadCustomer(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        ExternalRef = r.GetString(2),
        Kind = Enum.Parse<CustomerKind>(r.GetString(3)),
        LegalName = r.GetString(4),
        Siren = Text(r, 5),
        Siret = Text(r, 6),
        VatNumber = Text(r, 7),
        BillingAddress = new PostalAddress { Line1 = Text(r, 8), Line2 = Text(r, 9), PostalCode = Text(r, 10), City = Text(r, 11), Country = Text(r, 12)! },
        Language = r.GetString(13),
        Segment = Text(r, 14),
        Collector = Text(r, 15),
        CreditLimitMinor = r.IsDBNull(16) ? null : r.GetInt64(16),
        PaymentTerms = Text(r, 17),
        RiskClass = Text(r, 18),
        InsolvencyOpenedOn = OptionalDate(r, 19),
        InsolvencyKind = Text(r, 20),
        CeasedOn = OptionalDate(r, 21),
        PaysByDirectDebit = r.GetBoolean(22),
        CreatedAt = Instant(r, 23),
        UpdatedAt = Instant(r, 24),
        PseudonymisedAt = r.IsDBNull(25) ? null : Instant(r, 25),
    };

    private Contact ReadContact(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        CustomerId = Id(r, 2),
        Name = Text(r, 3),
        Role = Text(r, 4),
        Email = Text(r, 5),
        Phone = Text(r, 6),
        IsPrimary = r.GetBoolean(7),
        EmailFailing = r.GetBoolean(8),
    };

    private Invoice ReadInvoice(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        CustomerId = Id(r, 2),
        Number = r.GetString(3),
        Kind = Enum.Parse<DocumentKind>(r.GetString(4)),
        IssueDate = Date(r, 5),
        DueDate = Date(r, 6),
        Currency = r.GetString(7),
        NetMinor = r.GetInt64(8),
        TaxMinor = r.GetInt64(9),
        GrossMinor = r.GetInt64(10),
        PurchaseOrderRef = Text(r, 11),
        IsFactored = r.GetBoolean(12),
        CancelledOn = OptionalDate(r, 13),
        Source = r.GetString(14),
        FiscalYearStart = OptionalDate(r, 15),
        CreatedAt = Instant(r, 16),
        UpdatedAt = Instant(r, 17),
    };

    private Instalment ReadInstalment(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        InvoiceId = Id(r, 2),
        Sequence = r.GetInt32(3),
        DueDate = Date(r, 4),
        AmountMinor = r.GetInt64(5),
    };

    private Payment ReadPayment(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        CustomerId = r.IsDBNull(2) ? null : Id(r, 2),
        Reference = r.GetString(3),
        ReceivedOn = Date(r, 4),
        AmountMinor = r.GetInt64(5),
        Currency = r.GetString(6),
        Method = Enum.Parse<PaymentMethod>(r.GetString(7)),
        PayerName = Text(r, 8),
        PayerIban = Text(r, 9),
        Source = r.GetString(10),
        FiscalYearStart = OptionalDate(r, 11),
        CreatedAt = Instant(r, 12),
    };

    private Allocation ReadAllocation(DbDataReader r) => new()
    {
        Id = Id(r, 0),
        TenantId = Id(r, 1),
        InvoiceId = Id(r, 2),
        PaymentId = r.IsDBNull(3) ? null : Id(r, 3),
        CreditNoteId = r.IsDBNull(4) ? null : Id(r, 4),
        AmountMinor = r.GetInt64(5),
        AllocatedOn = Date(r, 6),
        Source = r.GetString(7),
        CreatedAt = Instant(r, 8),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private Guid Id(DbDataReader r, int i) => sqlite ? Guid.Parse(r.GetString(i)) : r.GetGuid(i);

    private DateOnly Date(DbDataReader r, int i) =>
        sqlite ? DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture) : r.GetFieldValue<DateOnly>(i);

    private DateOnly? OptionalDate(DbDataReader r, int i) => r.IsDBNull(i) ? null : Date(r, i);

    private DateTimeOffset Instant(DbDataReader r, int i) =>
        sqlite ? DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture) : r.GetFieldValue<DateTimeOffset>(i);
}
