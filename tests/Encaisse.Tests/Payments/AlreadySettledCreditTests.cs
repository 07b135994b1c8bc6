using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.Matching;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// A credit from an unknown payer naming an invoice already settled (a second payment) goes to review as that customer's
/// receipt with the reason, and is never applied; on a tenant that never sold an invoice (the path without the factoring look-up).
/// </summary>
public sealed class AlreadySettledCreditTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_second_payment_of_a_settled_invoice_waits_in_review_as_the_customers_receipt(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Dupont.Id, Reference = "CHQ-1", ReceivedOn = WebSeed.Today, AmountMinor = 1_234_56, Currency = "EUR", CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0101")],
            }, default)).IsOk.ShouldBeTrue();
            var statement = new BankStatement { TenantId = server.Tenant.Id, Format = "camt053", AccountIban = server.Tenant.Iban, Currency = "EUR", ImportedAt = DateTimeOffset.UtcNow };
            db.Add(statement);
            var again = new BankTransaction
            {
                TenantId = server.Tenant.Id, BankStatementId = statement.Id, NaturalKey = "d1", BookingDate = WebSeed.Today, ValueDate = WebSeed.Today,
                AmountMinor = 1_234_56, Currency = "EUR", CounterpartyName = "SOCIETE INCONNUE", RemittanceInformation = "VIR FA-2026-0101",
                Status = BankTransactionStatus.Unmatched, ImportedAt = DateTimeOffset.UtcNow,
            };
            db.Add(again);
            await db.SaveChangesAsync();
            clock.Advance(TimeSpan.FromMinutes(1));
            (await CashApplication.RunAsync(db, [again], clock, new MatchSettings(), default)).ShouldBe((0, 1, 0));
        }

        await using (var check = server.Database.For(server.Tenant))
        {
            var credit = await check.Set<BankTransaction>().SingleAsync();
            credit.Status.ShouldBe(BankTransactionStatus.Review);
            credit.CustomerId.ShouldBe(seed.Dupont.Id);
            var proposal = StoredProposal.Parse(credit.Proposal).ShouldNotBeNull();
            proposal.Invoices.ShouldBeEmpty();
            proposal.ReasonCodes.ShouldNotBeNull().ShouldContain(r => r.Code == MatchReasonCodes.ReviewAlreadySettled && r.Invoice == "FA-2026-0101");
            (await check.Allocations.CountAsync(a => a.InvoiceId == seed.Overdue.Id)).ShouldBe(1);
        }
    }
}
