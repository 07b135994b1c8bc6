using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Users;

namespace Encaisse.Tests.Web;

/// <summary>A small, realistic portfolio for page tests: a few French customers with open, overdue and paid invoices.</summary>
public static class WebSeed
{
    public const string Password = "motdepasse-1";
    public static readonly DateOnly Today = new(2026, 3, 16);

    public sealed record Seeded(Customer Dupont, Customer Bernard, Invoice Overdue, Invoice NotDue);

    public static async Task<Seeded> AddAsync(DatabaseFactory factory, Tenant tenant)
    {
        await using var db = factory.Create(tenant.Id);
        var t = await db.Tenants.FindAsync(tenant.Id);
        t!.Iban = "FR7630006000011234567890189";
        t.Bic = "AGRIFRPP";
        t.Name = "ACME Industrie SAS";
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);

        Customer C(string reference, string name, string siren, string risk, string segment, string collector, string city) => new()
        {
            TenantId = tenant.Id, ExternalRef = reference, LegalName = name, Siren = siren, RiskClass = risk, Segment = segment, Collector = collector,
            BillingAddress = new PostalAddress { Line1 = "12 rue de la République", PostalCode = "69002", City = city },
            CreditLimitMinor = 5_000_000, CreatedAt = now, UpdatedAt = now, VatNumber = Encaisse.Legal.FrenchIdentifiers.VatFromSiren(siren),
        };
        var dupont = C("411DUPONT", "Dupont Matériaux SARL", "732829320", "C", "BTP", "marie", "Lyon");
        dupont.Contacts.Add(new Contact { TenantId = tenant.Id, Name = "Sophie Dupont", Role = "Comptabilité fournisseurs", Email = "compta@dupont.example", Phone = "04 78 00 00 00", IsPrimary = true });
        var bernard = C("411BERNARD", "Boulangerie Bernard", "552100554", "A", "Commerce", "paul", "Lille");
        var others = new[]
        {
            C("411MARTIN", "Martin Transports SAS", "542051180", "B", "Transport", "marie", "Nantes"),
            C("411LEROY", "Leroy Électricité", "493456789", "D", "BTP", "paul", "Bordeaux"),
            C("411GARNIER", "Garnier & Fils", "417891234", "E", "Industrie", "marie", "Rennes"),
        };
        others[2].InsolvencyOpenedOn = new DateOnly(2026, 2, 2);
        others[2].InsolvencyKind = "redressement";
        db.AddRange(dupont, bernard);
        db.AddRange(others);

        Invoice I(Customer c, string number, DateOnly issued, int days, long gross) => new()
        {
            TenantId = tenant.Id, CustomerId = c.Id, Number = number, IssueDate = issued, DueDate = issued.AddDays(days),
            NetMinor = gross * 100 / 120, TaxMinor = gross - (gross * 100 / 120), GrossMinor = gross, Source = "demo", CreatedAt = now, UpdatedAt = now,
        };
        var overdue = I(dupont, "FA-2026-0101", new DateOnly(2026, 1, 5), 30, 1_234_56);
        var notDue = I(dupont, "FA-2026-0142", new DateOnly(2026, 3, 2), 30, 2_400_00);
        var old = I(dupont, "FA-2025-0950", new DateOnly(2025, 10, 20), 30, 860_40);
        db.AddRange(overdue, notDue, old,
            I(bernard, "FA-2026-0120", new DateOnly(2026, 2, 10), 30, 480_00),
            I(others[0], "FA-2026-0077", new DateOnly(2025, 12, 1), 45, 12_500_00),
            I(others[1], "FA-2026-0110", new DateOnly(2026, 1, 20), 30, 3_150_75),
            I(others[2], "FA-2025-0800", new DateOnly(2025, 9, 1), 30, 7_800_00));
        var payment = new Payment { TenantId = tenant.Id, CustomerId = dupont.Id, Reference = "VIR-0001", ReceivedOn = new DateOnly(2025, 12, 1), AmountMinor = 400_00, CreatedAt = now };
        db.Add(payment);
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = old.Id, PaymentId = payment.Id, AmountMinor = 400_00, AllocatedOn = payment.ReceivedOn, CreatedAt = now });
        db.Add(new CollectionTask { TenantId = tenant.Id, CustomerId = others[1].Id, Kind = CollectionTaskKind.Call, Title = "Relance téléphonique", DueOn = Today, AssignedTo = "paul", CreatedAt = now });
        db.Add(new PromiseToPay { TenantId = tenant.Id, CustomerId = others[0].Id, AmountMinor = 5_000_00, PromisedDate = Today.AddDays(2), Channel = "phone", RecordedBy = "marie", RecordedAt = now });

        foreach (var (login, name, role) in new[] { ("marie", "Marie Lefèvre", UserRole.Collector), ("claire", "Claire Martin", UserRole.CreditManager), ("lecture", "Commercial", UserRole.ReadOnly) })
        {
            var user = new User { TenantId = tenant.Id, Login = login, DisplayName = name, Role = role, CreatedAt = now };
            Passwords.Set(user, Password);
            db.Add(user);
        }

        await db.SaveChangesAsync();
        return new Seeded(dupont, bernard, overdue, notDue);
    }

}
