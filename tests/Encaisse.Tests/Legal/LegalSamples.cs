using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Legal;

/// <summary>A small ledger (tenant in Paris, one debtor in Lyon) for claims and documents, without a database.</summary>
internal static class LegalSamples
{
    public static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Tenant Tenant() => new()
    {
        Code = "acme",
        Name = "ACME Industrie SAS",
        Siren = "812809234",
        VatNumber = "FR04812809234",
        Address = new PostalAddress { Line1 = "12 rue de la Paix", PostalCode = "75002", City = "Paris" },
        Iban = "FR7630006000011234567890189",
        Bic = "AGRIFRPP",
    };

    public static Customer Customer(Tenant tenant, CustomerKind kind = CustomerKind.Business) => new()
    {
        TenantId = tenant.Id,
        ExternalRef = "411DUPONT",
        Kind = kind,
        LegalName = kind == CustomerKind.Business ? "Boulangerie Dupont SARL" : "Jean Dupont",
        Siren = kind == CustomerKind.Business ? "479766842" : null,
        BillingAddress = new PostalAddress { Line1 = "3 place du Marché", PostalCode = "69001", City = "Lyon" },
    };

    public static Invoice Invoice(Customer customer, string number, string issued, string due, decimal gross, decimal? net = null) => new()
    {
        TenantId = customer.TenantId,
        CustomerId = customer.Id,
        Number = number,
        IssueDate = D(issued),
        DueDate = D(due),
        GrossMinor = Currencies.ToMinor(gross, "EUR"),
        NetMinor = Currencies.ToMinor(net ?? gross / 1.2m, "EUR"),
        TaxMinor = Currencies.ToMinor(gross - (net ?? gross / 1.2m), "EUR"),
    };

    public static Allocation Paid(Invoice invoice, string on, decimal amount) => new()
    {
        TenantId = invoice.TenantId,
        InvoiceId = invoice.Id,
        PaymentId = Guid.NewGuid(),
        AllocatedOn = D(on),
        AmountMinor = Currencies.ToMinor(amount, "EUR"),
    };

    /// <summary>FA-2025-001: €10,000 due 15 Jun 2025, unpaid (the reference's split example). FA-2025-002: €1,200 due 31 May 2025, €200 paid 10 Jun.</summary>
    public static LegalCase Case(CustomerKind kind = CustomerKind.Business, LegalPolicy? policy = null)
    {
        var tenant = Tenant();
        var customer = Customer(tenant, kind);
        var first = Invoice(customer, "FA-2025-001", "2025-05-16", "2025-06-15", 10000m);
        var second = Invoice(customer, "FA-2025-002", "2025-05-01", "2025-05-31", 1200m);
        return new LegalCase(tenant, customer, [first, second], [Paid(second, "2025-06-10", 200m)], new HashSet<Guid>(),
            policy ?? new LegalPolicy { TenantId = tenant.Id }, RateTable.Embedded);
    }

    public static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    public static void Save(string name, byte[] pdf)
    {
        var folder = Path.Combine(Path.GetTempPath(), "encaisse-docs");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), pdf);
    }
}
