using System.Globalization;
using System.Text;
using Encaisse.Formats;
using Encaisse.Formats.Fec;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Formats;

/// <summary>
/// Two consecutive fiscal years imported one after the other. The corpus holds no pair of consecutive FECs of one company
/// (its four files are four companies), so year N is the real corpus file 111111111FEC20221231.TXT (entries of 2023,
/// opening entries on 2023-01-01) and year N+1 is written here by the FEC rules (article A47 A-1 LPF columns, tab
/// separated): its opening journal AN on 2024-01-01 carries each customer's open balance at the closing of 2023 on its
/// 411 auxiliary account (balanced by 110 report à nouveau), a bank entry of 2024 pays one customer's opening balance and
/// is lettered with it, and a sales entry of 2024 reuses a piece number of 2023.
/// </summary>
public sealed class FecFiscalYearsTests
{
    private static readonly TimeProvider Clock = FakeClock.At(new DateOnly(2024, 4, 1));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_opening_balances_of_the_next_year_settle_the_previous_year_s_items_instead_of_doubling_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var year2023 = await ImportAsync(database, tenant, "111111111FEC20221231.TXT", await File.ReadAllBytesAsync(FecTests.FixturePath("111111111FEC20221231.TXT")));
        year2023.Written.ShouldBeTrue();
        year2023.FiscalYearStart.ShouldBe(new DateOnly(2023, 1, 1));
        year2023.OpeningBalances.ShouldBe("imported");

        var open2023 = await OpenByCustomerAsync(database, tenant);
        var total2023 = open2023.Values.Sum();
        total2023.ShouldBeGreaterThan(0);
        var (paid, paidOpen) = open2023.OrderBy(kv => kv.Key, StringComparer.Ordinal).First(kv => kv.Value > 0);
        string reused;
        long reusedGross;
        await using (var db = database.For(tenant))
        {
            var invoice = await db.Invoices.AsNoTracking().Where(i => i.Kind == DocumentKind.Invoice && i.Source == "fec").OrderBy(i => i.Number).FirstAsync();
            (reused, reusedGross) = (invoice.Number, invoice.GrossMinor);
            invoice.FiscalYearStart.ShouldBe(new DateOnly(2023, 1, 1));
        }

        var file2024 = Year2024(open2023, paid, reused);
        var report = await ImportAsync(database, tenant, "111111111FEC20231231.txt", file2024);

        report.Written.ShouldBeTrue(string.Join("; ", report.Errors.Select(e => e.Reason)));
        report.FiscalYearStart.ShouldBe(new DateOnly(2024, 1, 1));
        report.OpeningBalances.ShouldBe("reconciled");
        report.NumbersWithYear.ShouldBe(1);
        report.OpeningUnplacedMinor.ShouldBe(0);
        report.CarriedForward.ShouldNotBeNull().Created.ShouldBeGreaterThan(0);

        // Open = what 2023 left open − the payment of the opening balance + the new 2024 invoice; never 2023 + the à-nouveaux.
        var after = await OpenByCustomerAsync(database, tenant);
        after.Values.Sum().ShouldBe(total2023 - paidOpen + 120_00);
        after[paid].ShouldBe(120_00); // its opening balance paid; the new 2024 invoice open
        await using (var db = database.For(tenant))
        {
            (await db.Invoices.AnyAsync(i => i.Number.StartsWith("AN2024"))).ShouldBeFalse();
            var old = await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == reused);
            old.GrossMinor.ShouldBe(reusedGross);
            old.FiscalYearStart.ShouldBe(new DateOnly(2023, 1, 1));
            var renewed = await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == reused + "/2024");
            renewed.GrossMinor.ShouldBe(120_00);
            renewed.FiscalYearStart.ShouldBe(new DateOnly(2024, 1, 1));
            (await db.Payments.AsNoTracking().SingleAsync(p => p.Reference == "BQ2024-01")).FiscalYearStart.ShouldBe(new DateOnly(2024, 1, 1));
        }

        // Re-importing either year changes nothing.
        (await ImportAsync(database, tenant, "111111111FEC20231231.txt", file2024)).NumbersWithYear.ShouldBe(1);
        (await OpenByCustomerAsync(database, tenant)).Values.Sum().ShouldBe(total2023 - paidOpen + 120_00);
        await ImportAsync(database, tenant, "111111111FEC20221231.TXT", await File.ReadAllBytesAsync(FecTests.FixturePath("111111111FEC20221231.TXT")));
        (await OpenByCustomerAsync(database, tenant)).Values.Sum().ShouldBe(total2023 - paidOpen + 120_00);
        await using (var db = database.For(tenant))
        {
            (await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == reused)).GrossMinor.ShouldBe(reusedGross);
        }
    }

    [Fact]
    public void A_fiscal_year_starts_on_its_opening_entries_or_on_the_first_month_of_its_entries()
    {
        FecTests.Load("111111111FEC20221231.TXT", out _).FiscalYearStart.ShouldBe(new DateOnly(2023, 1, 1));
        FecTests.Load("0000000001FEC20220831.txt", out _).FiscalYearStart.ShouldBe(new DateOnly(2021, 9, 1));
        FecTests.Load("123456789FEC20500930.txt", out _).FiscalYearStart.ShouldBe(new DateOnly(2022, 4, 1));
        // Detailed opening entries (AD) keep their original dates: the year starts with the first month of the others.
        FecTests.Load("000000000FEC20231231.txt", out _).FiscalYearStart.ShouldBe(new DateOnly(2023, 1, 1));
        FecFiscalYearSuffix();
    }

    private static void FecFiscalYearSuffix()
    {
        FecCarryForward.YearSuffix(new DateOnly(2024, 1, 1)).ShouldBe("/2024");
        FecCarryForward.YearSuffix(new DateOnly(2021, 9, 1)).ShouldBe("/2021-09");
    }

    [Fact]
    public void Carried_lettering_settles_the_oldest_items_first_and_reports_what_finds_no_item()
    {
        var (allocations, unplaced) = FecCarryForward.Distribute(
            [new CarriedSettlement("C1", "P1", null, 150_00, new DateOnly(2024, 2, 1)), new CarriedSettlement("C2", "P2", null, 10_00, new DateOnly(2024, 2, 1))],
            [new PriorOpenItem("F2", "C1", 100_00, new DateOnly(2023, 12, 1), new DateOnly(2023, 11, 1)),
             new PriorOpenItem("F1", "C1", 20_00, new DateOnly(2023, 10, 1), new DateOnly(2023, 9, 1))]);

        allocations.Select(a => (a.InvoiceNumber, a.AmountMinor)).ShouldBe([("F1", 20_00), ("F2", 100_00)]);
        unplaced.ShouldBe(new Dictionary<string, long> { ["C1"] = 30_00, ["C2"] = 10_00 });
    }

    private static async Task<ImportReport> ImportAsync(TestDatabase database, Tenant tenant, string name, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Fec, name, stream, new ImportOptions(), Clock, default);
    }

    /// <summary>Open invoices (gross − allocations) per customer reference, in cents.</summary>
    private static async Task<Dictionary<string, long>> OpenByCustomerAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ExternalRef);
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.Kind == DocumentKind.Invoice).Select(i => new { i.Id, i.CustomerId, i.GrossMinor }).ToListAsync();
        var settled = (await db.Allocations.AsNoTracking().Select(a => new { a.InvoiceId, a.AmountMinor }).ToListAsync())
            .GroupBy(a => a.InvoiceId).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountMinor));
        return invoices.GroupBy(i => customers[i.CustomerId], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(i => i.GrossMinor - settled.GetValueOrDefault(i.Id)), StringComparer.Ordinal);
    }

    /// <summary>Year 2024 of the same books, written by the FEC rules (see the class summary).</summary>
    private static byte[] Year2024(Dictionary<string, long> openAtClosing, string paidCustomer, string reusedPiece)
    {
        var text = new StringBuilder("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n");
        void Line(string journal, string label, string number, string date, string account, string accountLabel, string aux, string piece, string what, long debit, long credit, string letter = "") =>
            text.Append(CultureInfo.InvariantCulture, $"{journal}\t{label}\t{number}\t{date}\t{account}\t{accountLabel}\t{aux}\t{(aux.Length > 0 ? "CLIENT " + aux : "")}\t{piece}\t{date}\t{what}\t{Amount(debit)}\t{Amount(credit)}\t{letter}\t{(letter.Length > 0 ? "20240210" : "")}\t20240331\t\t\r\n");
        var total = 0L;
        foreach (var (customer, open) in openAtClosing.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Line("AN", "A nouveaux", "1", "20240101", "41100000", "CLIENTS", customer, "AN2024", "A nouveau " + customer, open, 0, customer == paidCustomer ? "ZA" : "");
            total += open;
        }

        Line("AN", "A nouveaux", "1", "20240101", "11000000", "REPORT A NOUVEAU", "", "AN2024", "Report a nouveau", 0, total);
        var paid = openAtClosing[paidCustomer];
        Line("BQ", "Banque", "1", "20240210", "41100000", "CLIENTS", paidCustomer, "BQ2024-01", "Virement " + paidCustomer, 0, paid, "ZA");
        Line("BQ", "Banque", "1", "20240210", "51200000", "BANQUE", "", "BQ2024-01", "Virement " + paidCustomer, paid, 0);
        Line("VE", "Ventes", "1", "20240305", "41100000", "CLIENTS", paidCustomer, reusedPiece, "Facture", 120_00, 0);
        Line("VE", "Ventes", "1", "20240305", "70100000", "VENTES", "", reusedPiece, "Facture", 0, 100_00);
        Line("VE", "Ventes", "1", "20240305", "44571200", "TVA COLLECTEE", "", reusedPiece, "Facture", 0, 20_00);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
}
