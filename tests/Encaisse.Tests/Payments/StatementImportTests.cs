using System.Text;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class StatementImportTests
{
    private static readonly DateOnly Day = new(2026, 4, 2);

    internal static async Task<(Customer Customer, Invoice Invoice)> SeedAsync(EncaisseDb db)
    {
        var customer = new Customer { TenantId = db.TenantId, ExternalRef = "411DUPONT", LegalName = "Dupont Bâtiment SARL" };
        var invoice = new Invoice
        {
            TenantId = db.TenantId,
            CustomerId = customer.Id,
            Number = "FA-2026-00123",
            IssueDate = Day.AddDays(-40),
            DueDate = Day.AddDays(-5),
            NetMinor = 100_000,
            TaxMinor = 20_000,
            GrossMinor = 120_000,
        };
        var other = new Invoice
        {
            TenantId = db.TenantId,
            CustomerId = customer.Id,
            Number = "FA-2026-00124",
            IssueDate = Day.AddDays(-20),
            DueDate = Day.AddDays(10),
            NetMinor = 25_000,
            TaxMinor = 5_000,
            GrossMinor = 30_000,
        };
        db.AddRange(customer, invoice, other);
        await db.SaveChangesAsync();
        return (customer, invoice);
    }

    private static BankStatementFile Parse(string xml) => BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_is_idempotent_and_applies_sure_matches(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Day);
        await using (var db = database.For(tenant))
        {
            await SeedAsync(db);
        }

        var file = Parse(SyntheticStatements.Camt(Day, 1000m,
            new SyntheticStatements.Entry(1200m, "DUPONT BATIMENT", "FR1420041010050500013M02606", "Facture FA-2026-00123"),
            new SyntheticStatements.Entry(45.67m, "INCONNU", null, "cadeau"),
            new SyntheticStatements.Entry(-12.5m, "BANQUE", null, "frais")));

        await using (var db = database.For(tenant))
        {
            var first = await StatementImport.ImportAsync(db, file, "s.xml", clock, null, default);
            first.ShouldBe(new ImportSummary(1, 3, 0, 1, 0, 1, 0));
        }

        await using (var db = database.For(tenant))
        {
            var second = await StatementImport.ImportAsync(db, file, "s.xml", clock, null, default);
            second.ShouldBe(new ImportSummary(0, 0, 3, 0, 0, 0, 0));
            (await db.Set<BankTransaction>().CountAsync()).ShouldBe(3);
            (await db.Set<BankStatement>().CountAsync()).ShouldBe(1);

            var payment = await db.Payments.SingleAsync();
            payment.AmountMinor.ShouldBe(120_000);
            var allocation = await db.Allocations.SingleAsync();
            allocation.AmountMinor.ShouldBe(120_000);
            allocation.Source.ShouldBe("matching");
            var matched = await db.Set<TimelineEvent>().SingleAsync();
            matched.Kind.ShouldBe("payment.matched");
            (await db.Set<PayerAlias>().SingleAsync()).Key.ShouldBe("FR1420041010050500013M02606");
            (await db.Set<BankTransaction>().SingleAsync(t => t.AmountMinor == 4_567)).Status.ShouldBe(BankTransactionStatus.Unmatched);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Learnt_payer_iban_identifies_the_next_payment_and_a_return_reopens_the_invoice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Day);
        Invoice invoice;
        await using (var db = database.For(tenant))
        {
            (_, invoice) = await SeedAsync(db);
        }

        const string iban = "FR1420041010050500013M02606";
        await using (var db = database.For(tenant))
        {
            await StatementImport.ImportAsync(db, Parse(SyntheticStatements.Camt(Day, 0m, new SyntheticStatements.Entry(1200m, "DUPONT", iban, "FA-2026-00123", "E2E-1"))), null, clock, null, default);
        }

        await using (var db = database.For(tenant))
        {
            // No reference at all: the IBAN learnt from the first match and the amount identify FA-2026-00124.
            var next = await StatementImport.ImportAsync(db, Parse(SyntheticStatements.Camt(Day.AddDays(1), 1200m, new SyntheticStatements.Entry(300m, "X", iban, "virement"))), null, clock, null, default);
            next.AutoMatched.ShouldBe(1);
        }

        await using (var db = database.For(tenant))
        {
            var back = await StatementImport.ImportAsync(db, Parse(SyntheticStatements.Camt(Day.AddDays(3), 1500m, new SyntheticStatements.Entry(-1200m, "DUPONT", iban, "retour", "E2E-1", "AM04"))), null, clock, null, default);
            back.Returned.ShouldBe(1);
            (await db.Allocations.Where(a => a.InvoiceId == invoice.Id).SumAsync(a => a.AmountMinor)).ShouldBe(0);
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "payment.returned")).ShouldBe(1);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_flagged_statement_is_stored_once_with_its_difference_and_its_credits_wait_for_review(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Day);
        await using (var db = database.For(tenant))
        {
            await SeedAsync(db);
        }

        var parsed = Parse(SyntheticStatements.Camt(Day, 1000m, new SyntheticStatements.Entry(1200m, "DUPONT BATIMENT", "FR1420041010050500013M02606", "Facture FA-2026-00123")));
        var flagged = parsed with { Statements = [parsed.Statements[0] with { BalanceDifference = -12.34m }] };
        await using (var db = database.For(tenant))
        {
            var first = await StatementImport.ImportAsync(db, flagged, "s.xml", clock, null, default);
            first.ShouldBe(new ImportSummary(1, 1, 0, 0, 1, 0, 0, 1));
        }

        await using (var db = database.For(tenant))
        {
            (await StatementImport.ImportAsync(db, flagged, "s.xml", clock, null, default)).ShouldBe(new ImportSummary(0, 0, 1, 0, 0, 0, 0, 0));
            var statement = await db.Set<BankStatement>().SingleAsync();
            statement.IsFlagged.ShouldBeTrue();
            statement.BalanceDifferenceMinor.ShouldBe(-1234);
            var credit = await db.Set<BankTransaction>().SingleAsync();
            credit.Status.ShouldBe(BankTransactionStatus.Review);
            credit.Confidence.ShouldNotBeNull();
            (await db.Payments.CountAsync()).ShouldBe(0);
            (await db.Allocations.CountAsync()).ShouldBe(0);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_batched_entry_is_one_transaction_that_keeps_its_details(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        BankStatementFile parsed;
        using (var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "bank", "camt053", "oca-bank-statement-import", "test-camt053-txdtls.xml")))
        {
            parsed = BankStatementReader.Read(stream);
        }

        await using var db = database.For(tenant);
        (await StatementImport.ImportAsync(db, parsed, "batch.xml", FakeClock.At(Day), null, default)).NewTransactions.ShouldBe(1);
        var entry = await db.Set<BankTransaction>().SingleAsync();
        entry.AmountMinor.ShouldBe(348_300);
        using var details = System.Text.Json.JsonDocument.Parse(entry.Details!);
        details.RootElement.GetArrayLength().ShouldBe(2);
        details.RootElement[0].GetProperty("amount").GetDecimal().ShouldBe(2187.00m);
        details.RootElement[0].GetProperty("counterpartyIban").GetString().ShouldBe("CH2222000000123456789");
    }
}
