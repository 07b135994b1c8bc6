using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

/// <summary>Interest over a dispute's days (ADR 0410): open disputes are left out, closed ones pause interest per policy.</summary>
[Collection("Console")]
public sealed class DisputeInterestTests
{
    // €10,000 due 15 Jun 2025, paid 15 Jul 2025 (2025H1 13.15 %, 2025H2 12.15 %): pauses → days late, interest, periods.
    [Theory]
    [InlineData("no pause: §1.3 (a)", null, null, 30, 103.97, 2)]
    [InlineData("10 days inside 2025H1", "2025-06-20", "2025-06-29", 30, 67.94, 3)]
    [InlineData("across the half-year boundary", "2025-06-26", "2025-07-05", 30, 69.32, 2)]
    [InlineData("the whole late period", "2025-06-01", "2025-07-31", 30, 0, 0)]
    [InlineData("after the payment: no effect", "2025-08-01", "2025-08-31", 30, 103.97, 2)]
    [InlineData("the last day only", "2025-07-15", "2025-07-15", 30, 100.64, 2)]
    public void Paused_days_carry_no_interest_but_still_count_as_late(string name, string? from, string? to, int daysLate, double interest, int periods)
    {
        _ = name;
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 10000m,
            DueDate = D("2025-06-15"),
            PaidOn = D("2025-07-15"),
            Pauses = from is null ? [] : [new InterestPause(D(from), D(to!), "dispute")],
        }, RateTable.Embedded);

        result.DaysLate.ShouldBe(daysLate);
        result.Interest.ShouldBe((decimal)interest);
        result.Periods.Count.ShouldBe(periods);
        result.Periods.ShouldAllBe(p => from == null || p.To < D(from) || p.From > D(to!));
        result.Indemnity.ShouldBe(40m);
        // A pause that overlaps the late period is stated on the computation.
        result.Warnings.Any(w => w.Code == LegalNote.InterestPaused).ShouldBe(from is not null && D(from) <= D("2025-07-15"));
    }

    // status, policy, opened, closed, as of → paused days (or none).
    [Theory]
    [InlineData(DisputeStatus.Open, DisputeInterestPolicy.Pause, "2025-06-20", null, "2025-07-15", null, null)]
    [InlineData(DisputeStatus.InReview, DisputeInterestPolicy.ClaimAll, "2025-06-20", null, "2025-07-15", null, null)]
    [InlineData(DisputeStatus.Rejected, DisputeInterestPolicy.Pause, "2025-06-20", "2025-06-29", "2025-07-15", "2025-06-20", "2025-06-29")]
    [InlineData(DisputeStatus.Rejected, DisputeInterestPolicy.ClaimAll, "2025-06-20", "2025-06-29", "2025-07-15", null, null)]
    [InlineData(DisputeStatus.ResolvedWithCreditNote, DisputeInterestPolicy.ClaimAll, "2025-06-20", "2025-06-29", "2025-07-15", "2025-06-20", "2025-06-29")]
    [InlineData(DisputeStatus.ResolvedWithCreditNote, DisputeInterestPolicy.Pause, "2025-06-20", "2025-06-29", "2025-07-15", "2025-06-20", "2025-06-29")]
    [InlineData(DisputeStatus.Rejected, DisputeInterestPolicy.Pause, "2025-06-20", "2025-08-10", "2025-07-15", "2025-06-20", "2025-07-15")]
    [InlineData(DisputeStatus.Rejected, DisputeInterestPolicy.Pause, "2025-08-01", "2025-08-10", "2025-07-15", null, null)]
    public void A_closed_dispute_pauses_interest_per_policy(DisputeStatus status, DisputeInterestPolicy policy, string opened, string? closed, string asOf,
        string? pauseFrom, string? pauseTo)
    {
        var dispute = new Dispute { Status = status, OpenedOn = D(opened), ClosedOn = closed is null ? null : D(closed) };
        var pause = DisputeInterest.PauseOf(dispute, policy, D(asOf));
        if (pauseFrom is null)
        {
            pause.ShouldBeNull();
        }
        else
        {
            pause.ShouldNotBeNull();
            (pause.From, pause.To).ShouldBe((D(pauseFrom), D(pauseTo!)));
        }
    }

    private static async Task<(Guid InvoiceId, string Db)> SeedAsync(TestDatabase database, Tenant tenant, DisputeStatus status)
    {
        await using var db = database.For(tenant);
        var customer = Customer(tenant);
        var invoice = Invoice(customer, "FA-2025-001", "2025-05-16", "2025-06-15", 10000m);
        db.AddRange(customer, invoice);
        var dispute = new Dispute
        {
            TenantId = tenant.Id,
            CustomerId = customer.Id,
            AmountMinor = 1_000_000,
            Reason = DisputeReason.Quality,
            Status = status,
            OpenedOn = D("2025-06-20"),
            ClosedOn = status is DisputeStatus.Open ? null : D("2025-06-29"),
        };
        dispute.Invoices.Add(new DisputedInvoice { TenantId = tenant.Id, DisputeId = dispute.Id, InvoiceId = invoice.Id });
        db.Add(dispute);
        await db.SaveChangesAsync();
        var arg = database.Target.Provider == DatabaseProvider.Sqlite
            ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
            : database.Target.ConnectionString;
        return (invoice.Id, arg);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejected_dispute_pauses_interest_by_default_and_the_policy_can_claim_the_whole_period(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var (_, db) = await SeedAsync(database, tenant, DisputeStatus.Rejected);

        await using (var context = database.For(tenant))
        {
            var legal = (await LegalLedger.LoadAsync(context, tenant, "411DUPONT", default))!;
            var claim = legal.Claim(D("2025-07-15"));
            claim.Lines.ShouldHaveSingleItem().Interest.ShouldBe(67.94m);
            claim.Indemnity.ShouldBe(40m);
        }

        // The creditor's choice, through the CLI: a rejected dispute does not stop L441-10 interest.
        var (exit, _, stderr) = await LegalCli.RunAsync("legal", "policy", "set", "--dispute-interest", "claim", "--db", db, "--tenant", tenant.Code);
        exit.ShouldBe(0, stderr);
        var (claimExit, stdout, _) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--as-of", "2025-07-15",
            "--output", Path.Combine(Path.GetTempPath(), $"n-{Guid.NewGuid():N}.pdf"), "--db", db, "--tenant", tenant.Code, "--json");
        claimExit.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("interest").GetDecimal().ShouldBe(103.97m);

        (exit, _, stderr) = await LegalCli.RunAsync("legal", "policy", "set", "--dispute-interest", "sometimes", "--db", db, "--tenant", tenant.Code);
        exit.ShouldBe(2);
        stderr.ShouldContain("--dispute-interest");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_dispute_leaves_the_invoice_out_and_a_credit_note_resolution_pauses_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var (invoiceId, _) = await SeedAsync(database, tenant, DisputeStatus.Open);
        await using var context = database.For(tenant);
        var legal = (await LegalLedger.LoadAsync(context, tenant, "411DUPONT", default))!;
        legal.Claim(D("2025-07-15")).Lines.ShouldBeEmpty();

        var dispute = await context.Set<Dispute>().SingleAsync();
        dispute.Status = DisputeStatus.ResolvedWithCreditNote;
        dispute.ClosedOn = D("2025-06-29");
        var policy = new LegalPolicy { TenantId = tenant.Id, DisputeInterest = DisputeInterestPolicy.ClaimAll };
        context.Add(policy);
        await context.SaveChangesAsync();

        legal = (await LegalLedger.LoadAsync(context, tenant, "411DUPONT", default))!;
        var line = legal.Claim(D("2025-07-15")).Lines.ShouldHaveSingleItem();
        line.Invoice.InvoiceId.ShouldBe(invoiceId);
        line.Interest.ShouldBe(67.94m);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dunning_letters_pause_interest_over_a_rejected_dispute_like_the_legal_documents(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var (invoiceId, _) = await SeedAsync(database, tenant, DisputeStatus.Rejected);
        await using var db = database.For(tenant);
        var customer = await db.Customers.SingleAsync();
        var item = new OpenItem(invoiceId, customer.Id, "FA-2025-001", DocumentKind.Invoice, null, D("2025-05-16"), D("2025-06-15"), "EUR",
            1_000_000, 1_000_000, 30, InvoiceStatus.Overdue);

        // Letters decide their claim with the same rule and the same case as the formal notice: the dispute's days carry no interest.
        var legal = await LegalLedger.LoadAsync(db, tenant, customer, openOnly: true, rates: null, default);
        var reminder = legal.Decide(ClaimPurpose.Reminder, D("2025-07-15"));
        reminder.InterestMinor.ShouldBe(67_94);
        reminder.Claimed.ShouldHaveSingleItem().Item.DocumentId.ShouldBe(item.DocumentId);
    }
}
