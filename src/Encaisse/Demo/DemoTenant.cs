using Encaisse.Ledger;

namespace Encaisse.Demo;

/// <summary>The creditor company of the demo: a small industrial supplier in Lyon.</summary>
internal static class DemoTenant
{
    public static Tenant Create(string code, TimeProvider clock) => new()
    {
        Code = code,
        Name = "Atelier Rhône Équipement SAS",
        Siren = "812809234",
        VatNumber = "FR04812809234",
        Address = new PostalAddress { Line1 = "14 quai Perrache", PostalCode = "69002", City = "Lyon", Country = "FR" },
        Iban = "FR7630006000011234567890189",
        Bic = "AGRIFRPP",
        Email = "recouvrement@atelier-rhone.exemple.fr",
        Phone = "04 72 00 00 00",
        DefaultPaymentTerms = "net30",
        CreatedAt = clock.GetUtcNow(),
    };
}
