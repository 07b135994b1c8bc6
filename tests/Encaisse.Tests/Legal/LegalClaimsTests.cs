using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

public sealed class LegalClaimsTests
{
    [Fact]
    public void Claims_interest_per_invoice_and_one_indemnity_each()
    {
        var claim = Case().Claim(D("2025-07-15"));
        claim.Lines.Select(l => l.Invoice.Number).ShouldBe(["FA-2025-002", "FA-2025-001"]);
        var first = claim.Lines.Single(l => l.Invoice.Number == "FA-2025-001");
        first.Interest.ShouldBe(103.97m);
        first.Indemnity.ShouldBe(40m);
        // FA-2025-002: 1,200 from 1 Jun to 10 Jun (10 d at 13.15 %), 1,000 from 11 Jun to 30 Jun (20 d) and 1 Jul to 15 Jul (15 d at 12.15 %).
        var second = claim.Lines.Single(l => l.Invoice.Number == "FA-2025-002");
        second.OpenPrincipal.ShouldBe(1000m);
        second.Penalty.Periods.Select(p => (p.Days, p.Base, p.AnnualRate)).ShouldBe([(10, 1200m, 13.15m), (20, 1000m, 13.15m), (15, 1000m, 12.15m)]);
        second.Interest.ShouldBe(4.32m + 7.21m + 4.99m);
        claim.Principal.ShouldBe(11000m);
        claim.Indemnity.ShouldBe(80m);
        claim.Total.ShouldBe(11000m + 103.97m + 16.52m + 80m);
    }

    [Fact]
    public void Not_yet_due_disputed_factored_and_credit_notes_are_left_out()
    {
        var legal = Case();
        var notDue = Invoice(legal.Customer, "FA-2025-003", "2025-07-01", "2025-07-31", 500m);
        var disputed = Invoice(legal.Customer, "FA-2025-004", "2025-04-01", "2025-04-30", 700m);
        var factored = Invoice(legal.Customer, "FA-2025-005", "2025-04-01", "2025-04-30", 900m);
        factored.IsFactored = true;
        var credit = Invoice(legal.Customer, "AV-2025-001", "2025-04-01", "2025-04-30", 50m);
        credit.Kind = DocumentKind.CreditNote;
        var claim = LegalClaims.For(legal.Customer, [.. legal.Invoices, notDue, disputed, factored, credit], legal.Allocations, D("2025-07-15"),
            RateTable.Embedded, excludedInvoiceIds: new HashSet<Guid> { disputed.Id });
        claim.Lines.Select(l => l.Invoice.Number).ShouldBe(["FA-2025-002", "FA-2025-001"]);
    }

    [Fact]
    public void Invoices_paid_late_are_claimed_on_a_statement_only()
    {
        var legal = Case();
        var paidLate = Invoice(legal.Customer, "FA-2025-010", "2025-03-01", "2025-03-31", 3000m);
        var allocations = legal.Allocations.Append(Paid(paidLate, "2025-04-30", 3000m)).ToList();
        LegalClaims.For(legal.Customer, [paidLate], allocations, D("2025-07-15"), RateTable.Embedded).Lines.ShouldBeEmpty();
        var statement = LegalClaims.For(legal.Customer, [paidLate], allocations, D("2025-07-15"), RateTable.Embedded, new ClaimOptions { IncludeSettledLate = true });
        var line = statement.Lines.ShouldHaveSingleItem();
        line.OpenPrincipal.ShouldBe(0m);
        line.Penalty.DaysLate.ShouldBe(30);
        line.Interest.ShouldBe(32.42m); // 3,000 × 13.15 % × 30 / 365
        line.Indemnity.ShouldBe(40m);
    }

    [Fact]
    public void Instalments_are_claimed_one_by_one_with_a_single_indemnity()
    {
        var legal = Case();
        var invoice = Invoice(legal.Customer, "FA-2025-020", "2025-03-01", "2025-05-31", 3000m);
        invoice.Instalments = [new Instalment { Sequence = 1, DueDate = D("2025-03-31"), AmountMinor = 100000 },
            new Instalment { Sequence = 2, DueDate = D("2025-04-30"), AmountMinor = 100000 }, new Instalment { Sequence = 3, DueDate = D("2025-05-31"), AmountMinor = 100000 }];
        var allocations = new List<Allocation> { Paid(invoice, "2025-03-31", 1500m) };
        var claim = LegalClaims.For(legal.Customer, [invoice], allocations, D("2025-06-30"), RateTable.Embedded);
        claim.Lines.Select(l => (l.Invoice.InstalmentSequence, l.OpenPrincipal)).ShouldBe([(2, 500m), (3, 1000m)]);
        claim.Lines.Sum(l => l.Indemnity).ShouldBe(40m);
        claim.Lines[0].Penalty.Periods.ShouldHaveSingleItem().Base.ShouldBe(500m);
    }

    [Fact]
    public void Excluding_tax_base_scales_the_invoice_and_its_payments()
    {
        var legal = Case(policy: new LegalPolicy { BaseIncludesTax = false });
        var claim = legal.Claim(D("2025-07-15"));
        claim.Lines.Single(l => l.Invoice.Number == "FA-2025-001").Penalty.Periods.First().Base.ShouldBe(8333.33m);
        claim.Lines.Single(l => l.Invoice.Number == "FA-2025-002").Penalty.Periods.Select(p => p.Base).ShouldBe([1000m, 833.33m, 833.33m]);
    }

    [Fact]
    public void Consumers_get_legal_interest_from_the_notice_and_no_indemnity()
    {
        var claim = Case(CustomerKind.Consumer).Claim(D("2025-07-15"), new ClaimOptions { NoticeDate = D("2025-07-01"), JustifiedRecoveryCosts = 100m });
        claim.Indemnity.ShouldBe(0m);
        claim.Lines.Single(l => l.Invoice.Number == "FA-2025-001").Penalty.Periods.ShouldHaveSingleItem().AnnualRate.ShouldBe(2.76m);
    }

    [Fact]
    public void Supplementary_indemnity_is_the_justified_costs_above_the_flat_indemnities()
    {
        Case().Claim(D("2025-07-15"), new ClaimOptions { JustifiedRecoveryCosts = 300m }).Indemnity.ShouldBe(300m);
        Case().Claim(D("2025-07-15"), new ClaimOptions { JustifiedRecoveryCosts = 50m }).Indemnity.ShouldBe(80m);
    }

    [Fact]
    public void Insolvency_recorded_on_the_customer_stops_interest()
    {
        var legal = Case();
        legal.Customer.InsolvencyOpenedOn = D("2025-07-01");
        var claim = legal.Claim(D("2025-09-30"));
        claim.Lines.Single(l => l.Invoice.Number == "FA-2025-001").Interest.ShouldBe(54.04m);
    }
}

public sealed class PrescriptionAndDeadlineTests
{
    [Theory]
    [InlineData("business", "2020-03-31", null, "2025-01-15", "2025-03-31", "2024-12-31", "alert")]
    [InlineData("business", "2020-03-31", null, "2024-12-30", "2025-03-31", "2024-12-31", "running")]
    [InlineData("business", "2020-03-31", null, "2025-03-31", "2025-03-31", "2024-12-31", "expired")]
    [InlineData("business", "2020-03-31", "2023-02-15", "2025-03-31", "2028-02-15", "2027-11-15", "running")]
    [InlineData("consumer", "2024-01-10", null, "2025-11-01", "2026-01-10", "2025-10-10", "alert")]
    [InlineData("consumer", "2024-02-29", "2024-06-30", "2025-11-01", "2026-06-30", "2026-03-30", "running")]
    public void Prescription_periods_and_interruptions(string kind, string start, string? interruption, string asOf, string expires, string alert, string state)
    {
        var status = PrescriptionRules.Status(D(start), kind == "consumer" ? DebtorKind.Consumer : DebtorKind.Business,
            interruption is null ? [] : [D(interruption)], D(asOf));
        status.ExpiresOn.ShouldBe(D(expires));
        status.AlertOn.ShouldBe(D(alert));
        status.State.ToString().ToLowerInvariant().ShouldBe(state);
    }

    [Fact]
    public void Partial_payments_in_the_ledger_restart_prescription_but_not_a_formal_notice()
    {
        var legal = Case();
        var invoice = legal.Invoices.Single(i => i.Number == "FA-2025-002");
        var status = PrescriptionRules.ForInvoice(legal.Customer, invoice, legal.Allocations, [], D("2026-01-01"));
        status.LastInterruption.ShouldBe(D("2025-06-10"));
        status.ExpiresOn.ShouldBe(D("2030-06-10"));
    }

    [Theory]
    [InlineData("2025-03-14", false, "2025-05-14")]
    [InlineData("2025-03-14", true, "2025-07-15")]  // 14 Jul is a holiday
    [InlineData("2025-06-07", false, "2025-08-07")]
    [InlineData("2025-06-13", false, "2025-08-13")]
    [InlineData("2025-12-31", false, "2026-03-02")]  // 28 Feb 2026 is a Saturday
    [InlineData("2025-02-26", false, "2025-04-28")]  // 26 Apr 2025 is a Saturday
    [InlineData("2025-03-21", false, "2025-05-21")]
    [InlineData("2025-03-08", false, "2025-05-09")]  // 8 May (holiday) → 9 May
    public void Proof_of_claim_deadline(string published, bool outside, string deadline) =>
        ProofOfClaim.Deadline(D(published), outside).ShouldBe(D(deadline));

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    public void Easter(int year, string sunday) => FrenchCalendar.EasterSunday(year).ShouldBe(D(sunday));

    [Theory]
    [InlineData("FR", "97100", true)]
    [InlineData("FR", "75002", false)]
    [InlineData("BE", "1000", true)]
    public void Creditors_outside_metropolitan_france(string country, string postalCode, bool outside) =>
        ProofOfClaim.IsOutsideMetropolitanFrance(country, postalCode).ShouldBe(outside);
}
