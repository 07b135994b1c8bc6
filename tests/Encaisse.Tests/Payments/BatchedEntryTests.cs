using System.Text;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// A bank books several direct-debit returns (or collections) as one entry with details (a CAMT <c>Ntry</c> with several
/// <c>TxDtls</c>): the entry stays one movement, and each detail reverses (or confirms) its own collection.
/// </summary>
public sealed class BatchedEntryTests
{
    private static readonly DateOnly Day = new(2026, 4, 10);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_batched_return_reopens_each_collected_invoice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Day);
        await using (var db = database.For(tenant))
        {
            var ops = new LedgerOperations(db, tenant, clock);
            (await ops.CreateCustomerAsync(new CustomerWrite("411A", "Alpha SARL"), default)).IsOk.ShouldBeTrue();
            (await ops.CreateCustomerAsync(new CustomerWrite("411B", "Beta SAS"), default)).IsOk.ShouldBeTrue();
            foreach (var (number, customer, amount) in new[] { ("FA-1", "411A", 300m), ("FA-2", "411B", 450m) })
            {
                (await ops.CreateInvoiceAsync(new InvoiceWrite(number, customer, IssueDate: Day.AddDays(-40), DueDate: Day.AddDays(-10), AmountInclTax: amount), default))
                    .IsOk.ShouldBeTrue();
            }

            // The collections Encaisse booked when it wrote the pain.008 file.
            var ledger = new LedgerAllocations(db, tenant, clock);
            foreach (var (e2e, number, customer, minor) in new[] { ("E2E-1", "FA-1", "411A", 300_00L), ("E2E-2", "FA-2", "411B", 450_00L) })
            {
                var customerId = await db.Customers.Where(c => c.ExternalRef == customer).Select(c => c.Id).SingleAsync();
                (await ledger.SettleAsync(new SettlementRequest(AllocationOrigin.DirectDebit, "sepa")
                {
                    NewPayment = new Payment { Reference = "dd:" + e2e, CustomerId = customerId, ReceivedOn = Day.AddDays(-8), AmountMinor = minor, Currency = "EUR", Method = PaymentMethod.DirectDebit },
                    Lines = [new SettlementLine(number, AmountMinor: minor)],
                }, default)).IsOk.ShouldBeTrue();
            }
        }

        var file = BankStatementReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(BatchedReturn())));
        file.Statements.ShouldHaveSingleItem().Transactions.ShouldHaveSingleItem().Details.Count.ShouldBe(2);
        await using (var db = database.For(tenant))
        {
            var summary = await StatementImport.ImportAsync(db, file, "returns.xml", clock, null, default);
            summary.Returned.ShouldBe(1); // one bank movement
        }

        await using var check = database.For(tenant);
        foreach (var number in new[] { "FA-1", "FA-2" })
        {
            var id = await check.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync();
            (await check.Allocations.Where(a => a.InvoiceId == id).SumAsync(a => a.AmountMinor)).ShouldBe(0, number);
        }

        (await check.Set<BankTransaction>().SingleAsync()).Status.ShouldBe(BankTransactionStatus.Returned);
        (await check.Set<TimelineEvent>().CountAsync(e => e.Kind == "payment.returned")).ShouldBe(2);
    }

    private static string BatchedReturn()
    {
        const string Detail = "<TxDtls><Refs><EndToEndId>{0}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">{1}</Amt></TxAmt></AmtDtls><RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
            + "<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-04-10T08:00:00</CreDtTm></GrpHdr><Stmt><Id>S1</Id><CreDtTm>2026-04-10T08:00:00</CreDtTm>"
            + "<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-10</Dt></Dt></Bal>"
            + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-10</Dt></Dt></Bal>"
            + "<Ntry><Amt Ccy=\"EUR\">750.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-10</Dt></BookgDt>"
            + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>"
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Detail, "E2E-1", "300.00")
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Detail, "E2E-2", "450.00")
            + "</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>";
    }
}
