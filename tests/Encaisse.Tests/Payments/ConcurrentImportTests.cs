using System.Text;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// Two bank imports of different statements that each pay the same invoice, started together (issue 17): the ledger's
/// allocation operation re-reads the invoice under lock, so one credit settles it and the other goes to review with the
/// reason — never an over-settled invoice, never a payment that vanishes.
/// </summary>
public sealed class ConcurrentImportTests
{
    private static readonly DateOnly Day = new(2026, 4, 2);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_imports_racing_on_one_invoice_never_over_settle_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Day);
        await using (var db = database.For(tenant))
        {
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411DUPONT", LegalName = "Dupont Bâtiment SARL" });
            await db.SaveChangesAsync();
        }

        for (var round = 0; round < 6; round++)
        {
            var number = $"FA-2026-{round:00000}";
            await using (var db = database.For(tenant))
            {
                var customerId = await db.Customers.Select(c => c.Id).SingleAsync();
                db.Add(new Invoice
                {
                    TenantId = tenant.Id, CustomerId = customerId, Number = number, IssueDate = Day.AddDays(-40), DueDate = Day.AddDays(-5),
                    GrossMinor = 622_183, NetMinor = 518_486, TaxMinor = 103_697,
                });
                await db.SaveChangesAsync();
            }

            var files = Enumerable.Range(0, 2).Select(i => Parse(SyntheticStatements.Camt(Day.AddDays(i), 1000m,
                new SyntheticStatements.Entry(6221.83m, "DUPONT BATIMENT", "FR1420041010050500013M02606", $"Facture {number} virement {i} tour {round}")))).ToList();
            var summaries = await Task.WhenAll(files.Select(file => Task.Run(async () =>
            {
                await using var db = database.For(tenant);
                return await StatementImport.ImportAsync(db, file, "race.xml", clock, null, default);
            })));

            summaries.Sum(s => s.AutoMatched).ShouldBe(1, $"round {round}");
            summaries.Sum(s => s.ToReview).ShouldBe(1, $"round {round}");
            await using var check = database.For(tenant);
            var invoiceId = await check.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync();
            (await check.Allocations.Where(a => a.InvoiceId == invoiceId).SumAsync(a => a.AmountMinor)).ShouldBe(622_183);
            // The other credit is visible in the review queue: refused by the ledger (allocation.overSettles) when both engines saw the
            // invoice open, or proposed as the customer's credit when the second engine read after the first settlement.
            var review = await check.Set<BankTransaction>().SingleAsync(t => t.Status == BankTransactionStatus.Review && t.RemittanceInformation!.Contains($"tour {round}"));
            review.CustomerId.ShouldNotBeNull();
            (await check.Payments.CountAsync(p => p.Reference.StartsWith("bank:"))).ShouldBe(round + 1);
        }
    }

    private static BankStatementFile Parse(string xml) => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
}
