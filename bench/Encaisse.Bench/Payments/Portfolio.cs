using System.Globalization;
using Encaisse.Payments;
using Encaisse.Payments.Matching;

namespace Encaisse.Bench.Payments;

/// <summary>A generated portfolio: customers with IBANs and names, open invoices, payers known from earlier matches.</summary>
internal sealed class Portfolio
{
    private static readonly string[] Words = ["Dupont", "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier"];
    private static readonly string[] Trades = ["Bâtiment", "Transports", "Négoce", "Industrie", "Conseil", "Services", "Distribution", "Menuiserie", "Plomberie", "Imprimerie"];
    private static readonly string[] Forms = ["SARL", "SAS", "SA", "EURL", ""];

    public required List<OpenInvoice> Invoices { get; init; }
    public required List<KnownPayer> KnownPayers { get; init; }
    public required string[] CustomerRefs { get; init; }
    public required string[] CustomerNames { get; init; }
    public required string[] CustomerIbans { get; init; }
    public required bool[] IbanKnown { get; init; }
    public required Dictionary<string, List<OpenInvoice>> ByCustomer { get; init; }
    public int CustomerCount => CustomerRefs.Length;

    public static Portfolio Generate(int invoiceCount, int seed)
    {
        var random = new Random(seed);
        var customers = Math.Max(10, invoiceCount / 20);
        var refs = new string[customers];
        var names = new string[customers];
        var ibans = new string[customers];
        var known = new bool[customers];
        for (var c = 0; c < customers; c++)
        {
            refs[c] = "411C" + c.ToString("D7", CultureInfo.InvariantCulture);
            names[c] = $"{Words[random.Next(Words.Length)]} {Trades[random.Next(Trades.Length)]} {c.ToString(CultureInfo.InvariantCulture)} {Forms[random.Next(Forms.Length)]}".Trim();
            ibans[c] = FrenchIban(random);
            known[c] = random.NextDouble() < 0.7;
        }

        var start = new DateOnly(2026, 1, 1);
        var invoices = new List<OpenInvoice>(invoiceCount);
        var byCustomer = new Dictionary<string, List<OpenInvoice>>(StringComparer.Ordinal);
        for (var i = 0; i < invoiceCount; i++)
        {
            var c = random.Next(customers);
            var issue = start.AddDays(random.Next(0, 150));
            // Log-normal-ish amounts between about 50 and 20,000 euros.
            var amount = (long)Math.Round(Math.Exp(random.NextDouble() * 6 + 8.5));
            var number = (i % 10) switch
            {
                < 7 => "FA-2026-" + (i + 1).ToString("D7", CultureInfo.InvariantCulture),
                < 9 => "F" + (2_000_000 + i).ToString(CultureInfo.InvariantCulture),
                _ => "INV/26/" + (i + 1).ToString("D7", CultureInfo.InvariantCulture),
            };
            var invoice = new OpenInvoice(number, refs[c], names[c], issue, issue.AddDays(random.Next(2) == 0 ? 30 : 45), amount, "EUR");
            invoices.Add(invoice);
            if (!byCustomer.TryGetValue(refs[c], out var list))
            {
                byCustomer[refs[c]] = list = [];
            }

            list.Add(invoice);
        }

        foreach (var list in byCustomer.Values)
        {
            list.Sort((a, b) => a.DueDate.CompareTo(b.DueDate));
        }

        var payers = Enumerable.Range(0, customers).Where(c => known[c]).Select(c => new KnownPayer(ibans[c], null, refs[c])).ToList();
        return new Portfolio
        {
            Invoices = invoices, KnownPayers = payers, CustomerRefs = refs, CustomerNames = names, CustomerIbans = ibans, IbanKnown = known, ByCustomer = byCustomer,
        };
    }

    private static string FrenchIban(Random random)
    {
        var bban = string.Concat(Enumerable.Range(0, 23).Select(_ => (char)('0' + random.Next(10))));
        var check = 98 - Iban.Mod97(bban + "FR00");
        return "FR" + check.ToString("00", CultureInfo.InvariantCulture) + bban;
    }
}
