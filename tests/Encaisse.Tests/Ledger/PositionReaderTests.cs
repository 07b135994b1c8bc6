using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Encaisse.Tests.Reporting;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// The plain-SQL reader behind <see cref="CustomerPositions"/> (ADR 1170) reads what EF read before it, on both databases:
/// the same entities, property by property, and the same position (documents, allocations, open items, credits,
/// balances) on varied data — credit notes, partial allocations, instalments, a cancelled invoice, unapplied and partly
/// applied payments, allocations dated after the date asked, two currencies — with a second tenant holding the same
/// references, whose data never shows. The EF reads are kept here as the reference: they are the former implementation.
/// </summary>
public sealed class PositionReaderTests
{
    private static readonly DateOnly Today = new(2026, 7, 15);
    private static readonly DateOnly[] Dates = [new(2025, 3, 15), new(2025, 12, 31), new(2026, 4, 20), new(2026, 6, 1), Today, DateOnly.MaxValue];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reader_positions_equal_the_EF_reads(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var other = await SeedTenantAsync(database, "other", seed: 7);
        var tenant = await SeedTenantAsync(database, "acme", seed: 42);
        await using var db = database.For(tenant);
        var customers = await db.Customers.AsNoTracking().Include(c => c.Contacts).OrderBy(c => c.ExternalRef).ToListAsync();
        customers.Count.ShouldBe(8);
        // Dates before the tenant's latest allocation read the whole customer; on and after it, only what is open.
        var latest = await db.Allocations.MaxAsync(a => a.AllocatedOn);
        DateOnly[] dates = [.. Dates, latest, latest.AddDays(45)];

        var compared = (documents: 0, credits: 0, instalmentItems: 0);
        foreach (var customer in customers)
        {
            foreach (var asOf in dates)
            {
                var expectedAll = await EfLoadAsync(db, customer.Id, asOf);
                var all = await CustomerPositions.LoadAsync(db, customer.Id, asOf, default);
                ShouldBeSame(all, expectedAll, $"{customer.ExternalRef} whole on {asOf}");

                var expectedOpen = await EfLoadOpenAsync(db, customer.Id, asOf);
                var open = await CustomerPositions.LoadOpenAsync(db, customer.Id, asOf, default);
                ShouldBeSame(open, expectedOpen, $"{customer.ExternalRef} open on {asOf}");
                open.OpenItems.ShouldBe(all.OpenItems, $"{customer.ExternalRef} on {asOf}");
                open.Balances.ShouldBe(all.Balances, $"{customer.ExternalRef} on {asOf}");

                // What `ledger customer` printed before it read the position (open items and balances of their own reads).
                var before = await LedgerQueries.OpenItemsAsync(db, LedgerQueries.OpenDocuments(db, asOf).Where(x => x.Invoice.CustomerId == customer.Id), asOf, default);
                Sorted(open.OpenItems).ShouldBe(Sorted(before), $"{customer.ExternalRef} on {asOf}");
                if (asOf != DateOnly.MaxValue)
                {
                    open.Balances.ShouldBe(await LedgerQueries.BalancesAsync(db, customer.Id, asOf, default), $"{customer.ExternalRef} on {asOf}");
                }

                compared.documents += all.Documents.Count;
                compared.credits += open.Credits.Count;
                compared.instalmentItems += open.OpenItems.Count(i => i.InstalmentSequence is not null);
            }

            var found = await CustomerPositions.ForRefAsync(db, customer.ExternalRef, Today, open: true, default);
            found.ShouldNotBeNull();
            Json(found.Value.Customer).ShouldBe(Json(customer));
            ShouldBeSame(found.Value.Position, await EfLoadOpenAsync(db, customer.Id, Today), customer.ExternalRef);
        }

        // The data is varied enough to mean something.
        compared.documents.ShouldBeGreaterThan(300);
        compared.credits.ShouldBeGreaterThan(10);
        compared.instalmentItems.ShouldBeGreaterThan(3);
        (await CustomerPositions.LoadOpenAsync(db, customers.Single(c => c.ExternalRef == "411ECHEANCES").Id, Today, default)).Credits
            .ShouldContain(c => c.Kind == CreditKind.UnappliedPayment);
        (await CustomerPositions.LoadOpenAsync(db, customers.Single(c => c.ExternalRef == "411ECHEANCES").Id, Today, default)).Balances
            .Select(b => b.Currency).ShouldBe(["EUR", "USD"]);

        // Nothing of the other tenant, which holds the same references: not by reference, not by id.
        await using var otherDb = database.For(other);
        var theirs = await otherDb.Customers.AsNoTracking().SingleAsync(c => c.ExternalRef == "411C01");
        (await CustomerPositions.ForRefAsync(db, "411C01", Today, open: true, default))!.Value.Customer.Id.ShouldNotBe(theirs.Id);
        var leak = await CustomerPositions.LoadAsync(db, theirs.Id, DateOnly.MaxValue, default);
        leak.Documents.ShouldBeEmpty();
        leak.Credits.ShouldBeEmpty();
        (await CustomerPositions.LoadAsync(otherDb, theirs.Id, DateOnly.MaxValue, default)).Documents.ShouldNotBeEmpty();
        (await CustomerPositions.ForRefAsync(db, "411NOBODY", Today, open: true, default)).ShouldBeNull();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reader_finds_tenants_as_EF_does_and_reads_inside_a_transaction(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedTenantAsync(database, "zeta", seed: 3);
        var tenant = await SeedTenantAsync(database, "acme", seed: 4);
        await using (var connection = database.Factory.OpenRawConnection())
        {
            var reader = new PositionReader(connection, database.Target.Provider, Guid.Empty);
            await using var any = database.Factory.Create();
            var expected = await any.Tenants.AsNoTracking().OrderBy(t => t.Code).Take(2).ToListAsync();
            (await reader.TenantsAsync(null, default)).Select(Json).ShouldBe(expected.Select(Json));
            (await reader.TenantsAsync("acme", default)).Select(Json).ShouldBe([Json(await any.Tenants.AsNoTracking().SingleAsync(t => t.Code == "acme"))]);
            (await reader.TenantsAsync("nope", default)).ShouldBeEmpty();
        }

        // A position read inside an operation's transaction sees its uncommitted writes (SQLite requires the command to carry it).
        await using var db = database.For(tenant);
        var customer = await db.Customers.SingleAsync(c => c.ExternalRef == "411C00");
        var before = await CustomerPositions.LoadOpenAsync(db, customer.Id, Today, default);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        db.Add(new Payment { TenantId = tenant.Id, CustomerId = customer.Id, Reference = "VIR-TX", ReceivedOn = Today, AmountMinor = 42_00, Currency = "EUR", CreatedAt = now });
        await db.SaveChangesAsync();
        var inside = await CustomerPositions.LoadOpenAsync(db, customer.Id, Today, default);
        inside.CreditIn("EUR").ShouldBe(before.CreditIn("EUR") + 42_00);
        ShouldBeSame(inside, await EfLoadOpenAsync(db, customer.Id, Today), "inside the transaction");
        await transaction.RollbackAsync();
    }

    /// <summary>The reporting ledger, an instalment invoice partly paid, unapplied and partly applied cash, an allocation dated after its payment.</summary>
    private static async Task<Tenant> SeedTenantAsync(TestDatabase database, string code, int seed)
    {
        var tenant = await database.AddTenantAsync(code);
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant, invoiceCount: 150, seed: seed);
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            TenantId = tenant.Id, ExternalRef = "411ECHEANCES", LegalName = "Client à échéances", Kind = CustomerKind.Business, Siren = "552100554",
            BillingAddress = new PostalAddress { Line1 = "1 rue de la Paix", PostalCode = "75002", City = "Paris" }, Segment = "retail",
            CreditLimitMinor = 50_000_00, RiskClass = "B", InsolvencyOpenedOn = new DateOnly(2026, 5, 2), InsolvencyKind = "rj", CreatedAt = now, UpdatedAt = now,
        };
        customer.Contacts.Add(new Contact { TenantId = tenant.Id, CustomerId = customer.Id, Name = "Anne Comptable", Email = "anne@example.fr", IsPrimary = true });
        customer.Contacts.Add(new Contact { TenantId = tenant.Id, CustomerId = customer.Id, Name = "Bruno Achats", Phone = "+33100000000", EmailFailing = true });
        var invoice = new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Number = "F-ECH", IssueDate = new DateOnly(2026, 2, 1), DueDate = new DateOnly(2026, 9, 30),
            Currency = "EUR", GrossMinor = 3_000_00, NetMinor = 2_500_00, TaxMinor = 500_00, PurchaseOrderRef = "PO-7", IsFactored = true,
            FiscalYearStart = new DateOnly(2026, 1, 1), CreatedAt = now, UpdatedAt = now,
        };
        for (var s = 1; s <= 3; s++)
        {
            invoice.Instalments.Add(new Instalment { TenantId = tenant.Id, InvoiceId = invoice.Id, Sequence = s, DueDate = new DateOnly(2026, 3 * s, 28), AmountMinor = 1_000_00 });
        }

        var usd = new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Number = "F-USD", IssueDate = new DateOnly(2026, 3, 1), DueDate = new DateOnly(2026, 4, 1),
            Currency = "USD", GrossMinor = 800_00, NetMinor = 800_00, CreatedAt = now, UpdatedAt = now,
        };
        var cancelled = new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Number = "F-ANN", IssueDate = new DateOnly(2026, 1, 5), DueDate = new DateOnly(2026, 2, 5),
            Currency = "EUR", GrossMinor = 400_00, NetMinor = 400_00, CancelledOn = new DateOnly(2026, 5, 1), CreatedAt = now, UpdatedAt = now,
        };
        var note = new Invoice
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Number = "AV-ECH", Kind = DocumentKind.CreditNote, IssueDate = new DateOnly(2026, 4, 10),
            DueDate = new DateOnly(2026, 4, 10), Currency = "EUR", GrossMinor = 300_00, NetMinor = 300_00, CreatedAt = now, UpdatedAt = now,
        };
        // Partly applied: 1,200 received in April, 1,000 set against the instalments in two steps, the second in June.
        var partly = new Payment
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Reference = "VIR-ECH", ReceivedOn = new DateOnly(2026, 4, 15), AmountMinor = 1_200_00,
            Currency = "EUR", Method = PaymentMethod.Transfer, PayerName = "Client à échéances", PayerIban = "FR7630006000011234567890189", CreatedAt = now,
        };
        var unapplied = new Payment
        {
            TenantId = tenant.Id, CustomerId = customer.Id, Reference = "CHQ-USD", ReceivedOn = new DateOnly(2026, 5, 20), AmountMinor = 150_00,
            Currency = "USD", Method = PaymentMethod.Cheque, FiscalYearStart = new DateOnly(2026, 1, 1), CreatedAt = now,
        };
        var unidentified = new Payment { TenantId = tenant.Id, Reference = "VIR-INCONNU", ReceivedOn = new DateOnly(2026, 5, 21), AmountMinor = 99_00, Currency = "EUR", CreatedAt = now };
        db.AddRange(customer, invoice, usd, cancelled, note, partly, unapplied, unidentified);
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, PaymentId = partly.Id, AmountMinor = 600_00, AllocatedOn = new DateOnly(2026, 4, 16), CreatedAt = now });
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, PaymentId = partly.Id, AmountMinor = 400_00, AllocatedOn = new DateOnly(2026, 6, 20), Source = "auto", CreatedAt = now });
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, CreditNoteId = note.Id, AmountMinor = 100_00, AllocatedOn = new DateOnly(2026, 7, 1), CreatedAt = now });
        await db.SaveChangesAsync();
        return tenant;
    }

    private static void ShouldBeSame(CustomerPosition actual, CustomerPosition expected, string what)
    {
        actual.CustomerId.ShouldBe(expected.CustomerId, what);
        actual.AsOf.ShouldBe(expected.AsOf, what);
        actual.Documents.Select(Json).ShouldBe(expected.Documents.Select(Json), what);
        actual.Allocations.OrderBy(a => a.Id).Select(Json).ShouldBe(expected.Allocations.OrderBy(a => a.Id).Select(Json), what);
        actual.OpenItems.ShouldBe(expected.OpenItems, what);
        actual.Credits.ShouldBe(expected.Credits, what);
        actual.Balances.ShouldBe(expected.Balances, what);
        foreach (var document in expected.Documents)
        {
            actual.AllocatedOf(document.Id).ShouldBe(expected.AllocatedOf(document.Id), what);
            actual.OpenOf(document.Id).ShouldBe(expected.OpenOf(document.Id), what);
        }
    }

    private static List<OpenItem> Sorted(IEnumerable<OpenItem> items) => items.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();

    /// <summary>Every property, instalments and contacts in a fixed order (EF does not promise one for an include).</summary>
    private static string Json(object entity)
    {
        switch (entity)
        {
            case Invoice invoice:
                invoice.Instalments = invoice.Instalments.OrderBy(i => i.Sequence).ToList();
                break;
            case Customer customer:
                customer.Contacts = customer.Contacts.OrderBy(c => c.Id).ToList();
                break;
        }

        return JsonSerializer.Serialize(entity, entity.GetType());
    }

    // The EF reads CustomerPositions made before ADR 1170: the reference the reader is compared with.

    private static async Task<CustomerPosition> EfLoadAsync(EncaisseDb db, Guid customerId, DateOnly asOf)
    {
        var documents = await db.Invoices.AsNoTracking().Include(i => i.Instalments).Where(i => i.CustomerId == customerId && i.IssueDate <= asOf).ToListAsync();
        var allocations = await EfAllocationsOfAsync(db, documents.Select(d => d.Id).ToList(), asOf);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf).ToListAsync();
        var paymentAllocations = await EfPaymentAllocationsAsync(db, payments.Select(p => p.Id).ToList(), asOf, allocations);
        return CustomerPosition.Compute(customerId, asOf, documents, allocations.Concat(paymentAllocations), payments);
    }

    private static async Task<CustomerPosition> EfLoadOpenAsync(EncaisseDb db, Guid customerId, DateOnly asOf)
    {
        var latest = await db.Allocations.Where(a => a.TenantId == db.TenantId).MaxAsync(a => (DateOnly?)a.AllocatedOn);
        if (latest is { } last && last > asOf)
        {
            return await EfLoadAsync(db, customerId, asOf);
        }

        var documents = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => i.CustomerId == customerId && i.IssueDate <= asOf && (i.CancelledOn == null || i.CancelledOn > asOf)
                && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .ToListAsync();
        var allocations = await EfAllocationsOfAsync(db, documents.Select(d => d.Id).ToList(), asOf);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf
                && p.AmountMinor > (db.Allocations.Where(a => a.PaymentId == p.Id).Sum(a => (long?)a.AmountMinor) ?? 0))
            .ToListAsync();
        var paymentAllocations = await EfPaymentAllocationsAsync(db, payments.Select(p => p.Id).ToList(), asOf, allocations);
        return CustomerPosition.Compute(customerId, asOf, documents, allocations.Concat(paymentAllocations), payments);
    }

    private static Task<List<Allocation>> EfAllocationsOfAsync(EncaisseDb db, List<Guid> ids, DateOnly asOf) =>
        db.Allocations.AsNoTracking()
            .Where(a => a.AllocatedOn <= asOf && (ids.Contains(a.InvoiceId) || (a.CreditNoteId != null && ids.Contains(a.CreditNoteId.Value))))
            .ToListAsync();

    private static async Task<List<Allocation>> EfPaymentAllocationsAsync(EncaisseDb db, List<Guid> paymentIds, DateOnly asOf, List<Allocation> known)
    {
        var seen = known.Select(a => a.Id).ToHashSet();
        return (await db.Allocations.AsNoTracking().Where(a => a.AllocatedOn <= asOf && a.PaymentId != null && paymentIds.Contains(a.PaymentId.Value)).ToListAsync())
            .Where(a => !seen.Contains(a.Id)).ToList();
    }
}
