using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Risk;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Encaisse.Demo;

/// <summary>
/// The demo's working day, run once when <c>serve --demo</c> starts on a fresh demo portfolio, through the same code as
/// the daily job and the CLI verbs, so that every queue and screen has content for a first visit:
/// <list type="bullet">
/// <item>risk scores of every customer (<see cref="RiskEvaluation"/>, as <c>encaisse risk score</c>);</item>
/// <item>the reminders of the last nine weeks replayed day by day (<see cref="DunningRunner"/>, as
/// <c>dunning run --as-of</c>), so that today's run reaches the later steps: calls of the day and formal letters that
/// stop at approval;</item>
/// <item>a bank statement of this morning with a few credits the matcher cannot settle alone (to review) and one
/// from an unknown payer (<see cref="StatementImport"/>, as <c>bank import</c>).</item>
/// </list>
/// The demo has no SMTP server: e-mails go to <see cref="DemoMailbox"/>, which keeps them in the outbox (their exact body
/// is stored there) and says so in the row's outcome; nothing leaves the machine. Runs once: a tenant that already has
/// reminders or bank transactions is left as it is.
/// </summary>
internal static class DemoDay
{
    /// <summary>How far back the reminders are replayed, and how often.</summary>
    public const int ReplayDays = 63;

    public const int ReplayEvery = 3;

    public sealed record Report(int Scored, int RemindersStored, int AwaitingApproval, int CallsToday, int CreditsToReview, int Unidentified);

    public static async Task<Report?> RunOnceAsync(DatabaseFactory factory, Tenant tenant, TimeProvider clock, CancellationToken ct)
    {
        await using (var check = factory.Create(tenant.Id))
        {
            if (await check.Set<DunningAction>().AnyAsync(ct) || await check.Set<BankTransaction>().AnyAsync(ct))
            {
                return null;
            }
        }

        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        int scored;
        await using (var db = factory.Create(tenant.Id))
        {
            scored = (await RiskEvaluation.RunAsync(db, tenant, today, clock, ct)).Count;
        }

        var channels = new DunningChannels { Email = new DemoMailbox() };
        var stored = 0;
        for (var back = ReplayDays; back >= 0; back -= ReplayEvery)
        {
            var day = today.AddDays(-back);
            var at = new DayClock(day, tenant.TimeZone);
            var report = await new DunningRunner(factory, at, channels).RunAsync(tenant, new DunningRunOptions { AsOf = day }, ct);
            stored += report.Stored;
        }

        var (review, unidentified) = await ImportMorningStatementAsync(factory, tenant, today, clock, ct);
        await using var read = factory.Create(tenant.Id);
        var awaiting = await read.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct);
        var calls = await read.Set<CollectionTask>().CountAsync(t => t.Kind == CollectionTaskKind.Call && t.Status == CollectionTaskStatus.Open && t.DueOn <= today, ct);
        return new Report(scored, stored, awaiting, calls, review, unidentified);
    }

    /// <summary>
    /// This morning's statement: credits from customers with overdue invoices that the matcher should not settle alone
    /// (a transfer short of the invoice by bank charges, a payment of two invoices named by the customer only), and one
    /// from a payer nobody knows. Amounts and names come from the portfolio, so the proposals are real ones.
    /// </summary>
    private static async Task<(int Review, int Unidentified)> ImportMorningStatementAsync(DatabaseFactory factory, Tenant tenant, DateOnly today,
        TimeProvider clock, CancellationToken ct)
    {
        await using var db = factory.Create(tenant.Id);
        // Customers (not in a collective procedure) with at least two overdue invoices; their open items from the ledger.
        var candidates = await db.Invoices.AsNoTracking()
            .Where(i => i.Kind == DocumentKind.Invoice && i.DueDate < today && i.CancelledOn == null && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .GroupBy(i => i.CustomerId).Where(g => g.Count() >= 2).Select(g => g.Key).ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking().Where(c => candidates.Contains(c.Id) && c.InsolvencyOpenedOn == null)
            .OrderBy(c => c.ExternalRef).Take(6).ToListAsync(ct);
        var transactions = new List<StatementTransaction>();
        var n = 0;
        foreach (var customer in customers)
        {
            var position = await CustomerPositions.LoadOpenAsync(db, customer.Id, today, ct);
            var items = position.OpenItems.Where(i => i.DueDate < today && i.Currency == tenant.Currency).OrderBy(i => i.DueDate).Take(2).ToList();
            if (items.Count < 2)
            {
                continue;
            }

            var name = customer.LegalName.ToUpperInvariant();
            n++;
            transactions.Add(n % 2 == 1
                // Short by bank charges, the invoice not named: one customer, no exact amount.
                ? Credit(today, items[0].OpenMinor - (items[0].OpenMinor > 5_000 ? 1_250 : 100), name, "VIREMENT " + name, n)
                // Two invoices paid together, named by neither number.
                : Credit(today, items[0].OpenMinor + items[1].OpenMinor, name, "REGLEMENT FACTURES " + name, n));
        }

        transactions.Add(Credit(today, 1_480_00, "SCI LES TILLEULS", "VIR INST LOYER DECEMBRE", ++n));
        var file = new BankStatementFile(BankStatementFormat.Camt053,
        [
            new BankStatementData
            {
                Account = new StatementAccount(tenant.Iban, null, tenant.Bic),
                Currency = tenant.Currency,
                StatementId = "DEMO-" + today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                Transactions = transactions,
            },
        ]);
        var summary = await StatementImport.ImportAsync(db, file, "releve-demo.xml", clock, null, ct);
        return (summary.ToReview, summary.Unmatched);
    }

    private static StatementTransaction Credit(DateOnly day, long minor, string payer, string remittance, int n) => new()
    {
        BookingDate = day,
        ValueDate = day,
        Amount = minor / 100m,
        Currency = "EUR",
        CounterpartyName = payer,
        RemittanceInformation = remittance,
        BankReference = "DEMO" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + n.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A clock standing at 09:00 local time on a replayed day (the timeline and the outbox carry that day).</summary>
    private sealed class DayClock(DateOnly day, string timeZone) : TimeProvider
    {
        private readonly DateTimeOffset now = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)),
            TimeZoneInfo.FindSystemTimeZoneById(timeZone).GetUtcOffset(day.ToDateTime(new TimeOnly(9, 0)))).ToUniversalTime();

        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>
/// The demo's e-mail channel: no SMTP server, so a reminder is kept in the outbox (its exact subject and body are stored
/// there, as for every e-mail) and its outcome says it was not sent. Used only by <see cref="DemoDay"/>.
/// </summary>
internal sealed class DemoMailbox : IEmailSender
{
    public const string Outcome = "demo: kept in the outbox, not sent (no SMTP server in the demo)";

    public Task<string> SendAsync(DunningSettings settings, MimeMessage message, CancellationToken ct) => Task.FromResult(Outcome);
}
