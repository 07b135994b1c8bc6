using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;

namespace Encaisse.Tests.Dunning.Collections;

/// <summary>
/// A small portfolio relative to "today" (T): DUPONT owes FA-001 (1 200.00, due T-36, overdue), FA-002 (600.00,
/// due T+20), has FA-003 (300.00) paid, FA-004 cancelled and a credit note AV-001 (200.00); MARTIN owes FA-100.
/// DUPONT's collector is "marie". Open balance of DUPONT: 1 800.00 - 200.00 credit = 1 600.00 EUR.
/// </summary>
internal sealed class CollectionsData
{
    public static readonly DateOnly DefaultToday = new(2026, 11, 20);

    private CollectionsData(Tenant tenant, Customer dupont, Customer martin, DateOnly today)
    {
        Tenant = tenant;
        Dupont = dupont;
        Martin = martin;
        Today = today;
    }

    public Tenant Tenant { get; }
    public Customer Dupont { get; }
    public Customer Martin { get; }
    public DateOnly Today { get; }

    public static async Task<CollectionsData> SeedAsync(TestDatabase database, Tenant? tenant = null, DateOnly? today = null)
    {
        tenant ??= await database.AddTenantAsync();
        var t = today ?? DefaultToday;
        await using var db = database.For(tenant);
        var dupont = new Customer { TenantId = tenant.Id, ExternalRef = "411DUPONT", LegalName = "Dupont Bâtiment SARL", Collector = "marie" };
        var martin = new Customer { TenantId = tenant.Id, ExternalRef = "411MARTIN", LegalName = "Martin Frères SA", Collector = "paul" };
        db.AddRange(dupont, martin);
        db.AddRange(
            Invoice(tenant, dupont, "FA-001", t.AddDays(-66), t.AddDays(-36), 120000),
            Invoice(tenant, dupont, "FA-002", t.AddDays(-10), t.AddDays(20), 60000),
            Invoice(tenant, dupont, "FA-003", t.AddDays(-90), t.AddDays(-60), 30000),
            Invoice(tenant, dupont, "FA-004", t.AddDays(-80), t.AddDays(-50), 45000, cancelledOn: t.AddDays(-40)),
            Invoice(tenant, dupont, "AV-001", t.AddDays(-2), t.AddDays(-2), 20000, DocumentKind.CreditNote),
            Invoice(tenant, martin, "FA-100", t.AddDays(-40), t.AddDays(-10), 50000));
        await db.SaveChangesAsync();
        var paid = new Payment { TenantId = tenant.Id, CustomerId = dupont.Id, Reference = "VIR-0001", ReceivedOn = t.AddDays(-61), AmountMinor = 30000 };
        db.Add(paid);
        var fa003 = db.Invoices.Single(i => i.Number == "FA-003");
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = fa003.Id, PaymentId = paid.Id, AmountMinor = 30000, AllocatedOn = t.AddDays(-61) });
        await db.SaveChangesAsync();
        return new CollectionsData(tenant, dupont, martin, t);
    }

    public static Invoice Invoice(Tenant tenant, Customer customer, string number, DateOnly issued, DateOnly due, long grossMinor,
        DocumentKind kind = DocumentKind.Invoice, DateOnly? cancelledOn = null) => new()
    {
        TenantId = tenant.Id, CustomerId = customer.Id, Number = number, Kind = kind, IssueDate = issued, DueDate = due,
        NetMinor = grossMinor * 10 / 12, TaxMinor = grossMinor - (grossMinor * 10 / 12), GrossMinor = grossMinor, CancelledOn = cancelledOn,
    };

    /// <summary>Records money received from a customer (not allocated).</summary>
    public async Task PayAsync(TestDatabase database, Customer customer, string reference, DateOnly receivedOn, long amountMinor)
    {
        await using var db = database.For(Tenant);
        db.Add(new Payment { TenantId = Tenant.Id, CustomerId = customer.Id, Reference = reference, ReceivedOn = receivedOn, AmountMinor = amountMinor });
        await db.SaveChangesAsync();
    }

    /// <summary>A scope on a fresh context at <paramref name="date"/> (default: Today) acting as <paramref name="actor"/>.</summary>
    public CollectionsScope Scope(EncaisseDb db, DateOnly? date = null, string actor = "marie") =>
        new(db, Tenant, FakeClock.At(date ?? Today), actor);
}
