using Encaisse.Payments.Matching;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>
/// The rules of the matching engine that keep automatic allocations right (ADR 0502): references read however they
/// are written, every named invoice found, completion only when exactly one combination fits, no remainder left
/// unexplained, approximate numbers only when the amount confirms them uniquely, reasons as codes with data.
/// </summary>
public sealed class MatchingRulesTests
{
    private static readonly DateOnly Due = new(2026, 3, 31);
    private const string DupontIban = "FR7630006000011234567890189";
    private const string LeroyIban = "FR7630004000031234567890143";

    private static OpenInvoice Invoice(string number, string customer, long open, int dueOffset = 0) =>
        new(number, customer, customer switch
        {
            "411DUPONT" => "Dupont Bâtiment SARL",
            "411LEROY" => "Leroy Transports",
            "411ABO" => "Abonnements Martin",
            _ => "Société " + customer,
        }, Due.AddDays(dueOffset - 30), Due.AddDays(dueOffset), open, "EUR");

    private static readonly OpenInvoice[] Ledger =
    [
        Invoice("FA-2026-0347", "411DUPONT", 1_200_00),
        Invoice("FA-2026-0348", "411DUPONT", 560_40, 2),
        Invoice("FA-2026-0351", "411DUPONT", 2_345_67, 4),
        Invoice("FA-2026-0352", "411DUPONT", 70_000_00, 6),
        Invoice("FA-2026-0360", "411DUPONT", 99_00, 8),
        Invoice("FA-2026-0349", "411LEROY", 1_200_00),
        Invoice("FA-2026-0354", "411LEROY", 777_00),
        Invoice("FA-2026-0012", "411LEROY", 310_00),
        Invoice("FA-2026-0400", "411ABO", 89_00, -60),
        Invoice("FA-2026-0401", "411ABO", 89_00, -30),
        Invoice("FA-2026-0402", "411ABO", 89_00),
    ];

    private static readonly KnownPayer[] Payers = [new(DupontIban, null, "411DUPONT"), new(LeroyIban, null, "411LEROY"), new("FR7611315000011234567890138", null, "411ABO")];

    private static MatchProposal? Propose(long amount, string? text, string? iban = null, string? name = null, string? endToEnd = null) =>
        new MatchingEngine(Ledger, Payers).Propose(new MatchInput(0, Due.AddDays(3), amount, "EUR", name, iban, text, endToEnd));

    private static string Numbers(MatchProposal p) => string.Join(',', p.Invoices.Select(i => i.Number));

    [Theory]
    [InlineData("F A 2 0 2 6 0 3 4 7")]
    [InlineData("FACTURE F A - 2 0 2 6 - 0 3 4 7")]
    [InlineData("VIR SEPA RECU /DE X /MOTIF REGLEMENT DE LA FACTURE FA-2026-03 47 /REF 1234")]
    [InlineData("fact fa20260347")]
    [InlineData("FACTFA20260347")]
    [InlineData("N°FA/2026/0347")]
    [InlineData("INV FA.2026.0347")]
    [InlineData("FACT FA-2026-347")]
    [InlineData("FACTURE FA26-0347")]
    [InlineData("REGLEMENT 2026-0347 DU 12/02/2026")]
    public void References_are_read_however_they_are_written(string text)
    {
        var proposal = Propose(1_200_00, text).ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0347");
        proposal.Auto.ShouldBeTrue(string.Join("; ", proposal.ReasonTexts));
    }

    [Fact]
    public void The_invoice_number_can_be_only_in_the_end_to_end_id()
    {
        var proposal = Propose(1_200_00, "NOTPROVIDED", endToEnd: "FA20260347").ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0347");
        proposal.Auto.ShouldBeTrue();
    }

    [Fact]
    public void Every_named_invoice_is_found_in_a_group_payment()
    {
        var proposal = Propose(1_200_00 + 560_40 + 2_345_67 + 70_000_00, "FACTURES FA-2026-0347, FA-2026-0348, FA-2026-0351 ET FA-2026-0352", DupontIban).ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0347,FA-2026-0348,FA-2026-0351,FA-2026-0352");
        proposal.Auto.ShouldBeTrue();
        proposal.UnallocatedMinor.ShouldBe(0);
    }

    [Fact]
    public void A_group_is_completed_from_the_customers_open_items_when_exactly_one_combination_fits()
    {
        // Three named, the fourth (70,000.00) only as "ET AUTRES": the only open item of Dupont that makes up the rest.
        var proposal = Propose(1_200_00 + 560_40 + 2_345_67 + 70_000_00, "FACTURES FA-2026-0347 FA-2026-0348 FA-2026-0351 ET AUTRES", DupontIban).ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0347,FA-2026-0348,FA-2026-0351,FA-2026-0352");
        proposal.Auto.ShouldBeTrue();
        proposal.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.AmountCompleted && r.Invoice == "FA-2026-0352");
    }

    [Fact]
    public void The_rest_is_never_kept_as_credit_automatically_when_nothing_explains_it()
    {
        // Three named and 50,000.00 more that no combination of Dupont's open items makes up.
        var proposal = Propose(1_200_00 + 560_40 + 2_345_67 + 50_000_00, "FACTURES FA-2026-0347 FA-2026-0348 FA-2026-0351", DupontIban).ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        proposal.UnallocatedMinor.ShouldBe(50_000_00);
        proposal.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewUnexplainedRemainder);
        proposal.Reasons[^1].AmountMinor.ShouldBe(50_000_00);
    }

    [Fact]
    public void A_rounding_overpayment_within_the_fee_tolerance_is_kept_as_credit()
    {
        var proposal = Propose(1_200_30, "FACT FA-2026-0347", DupontIban).ShouldNotBeNull();
        proposal.Auto.ShouldBeTrue();
        proposal.UnallocatedMinor.ShouldBe(30);
    }

    [Fact]
    public void Two_combinations_for_the_rest_go_to_review()
    {
        // 89.00 more could be any of the three subscription invoices of the same amount.
        var ledger = Ledger.Append(Invoice("FA-2026-0410", "411ABO", 500_00)).ToArray();
        var proposal = new MatchingEngine(ledger, Payers).Propose(new MatchInput(0, Due, 500_00 + 89_00, "EUR", null, "FR7611315000011234567890138", "FACT FA-2026-0410 ET ABONNEMENT")).ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        proposal.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.ReviewAmbiguous);
    }

    [Fact]
    public void A_known_payer_paying_exactly_one_open_invoice_is_applied()
    {
        var proposal = Propose(777_00, "VIREMENT", LeroyIban).ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0354");
        proposal.Auto.ShouldBeTrue();
        proposal.Reasons.Select(r => r.Code).ShouldBe([MatchReasonCodes.PayerIban, MatchReasonCodes.AmountOpenItems, MatchReasonCodes.DateNearDue]);
    }

    [Fact]
    public void Several_invoices_of_the_same_amount_without_reference_go_to_review()
    {
        var proposal = Propose(89_00, "ABONNEMENT MARS", "FR7611315000011234567890138").ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        proposal.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewAmbiguous);
    }

    [Fact]
    public void A_reference_picks_one_of_several_invoices_of_the_same_amount()
    {
        var proposal = Propose(89_00, "FACT FA-2026-0401", "FR7611315000011234567890138").ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0401");
        proposal.Auto.ShouldBeTrue();
    }

    [Fact]
    public void One_wrong_digit_is_applied_only_when_the_amount_confirms_it_uniquely_for_the_payer()
    {
        // FA-2026-0355 does not exist; FA-2026-0354 (Leroy, 777.00) is one digit away and has the amount.
        var confirmed = Propose(777_00, "FACTURE FA-2026-0355", LeroyIban).ShouldNotBeNull();
        Numbers(confirmed).ShouldBe("FA-2026-0354");
        confirmed.Auto.ShouldBeTrue();
        confirmed.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.ReferenceTypo && r.Invoice == "FA-2026-0354" && r.Text == "2026-0355");

        // Same text from an unknown payer: proposed, not applied.
        var unknownPayer = Propose(777_00, "FACTURE FA-2026-0355").ShouldNotBeNull();
        unknownPayer.Auto.ShouldBeFalse();

        // FA-2026-0345 is one digit away from FA-2026-0347 (Dupont) and FA-2026-0349 (Leroy), both 1,200.00: ambiguous.
        var ambiguous = Propose(1_200_00, "FACTURE FA-2026-0345", LeroyIban).ShouldNotBeNull();
        ambiguous.Auto.ShouldBeFalse();
        ambiguous.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewAmbiguous);
    }

    [Fact]
    public void A_payer_known_for_another_customer_stops_the_automatic_allocation()
    {
        // Leroy's IBAN pays Dupont's FA-2026-0351 with its exact amount: third party or wrong reference, a person decides.
        var proposal = Propose(2_345_67, "FACT FA-2026-0351", LeroyIban).ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        Numbers(proposal).ShouldBe("FA-2026-0351");
        proposal.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.PayerOtherCustomer && r.Customer == "411LEROY");
        proposal.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewOtherCustomer);

        // Dupont's FA-2026-0347 as written, or Leroy's FA-2026-0349 one digit away, both 1,200.00: not a typo to correct.
        var both = Propose(1_200_00, "FACT FA-2026-0347", LeroyIban).ShouldNotBeNull();
        both.Auto.ShouldBeFalse();
        both.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewAmbiguous);
    }

    [Fact]
    public void An_unknown_third_party_naming_an_invoice_with_its_amount_is_applied()
    {
        var proposal = Propose(1_200_00, "FACT FA-2026-0347 POUR LE COMPTE DE DUPONT", "FR7617515000011234567890111", "BNP PARIBAS FACTOR").ShouldNotBeNull();
        proposal.Auto.ShouldBeTrue();
        proposal.CustomerRef.ShouldBe("411DUPONT");
    }

    [Fact]
    public void An_invoice_named_that_is_not_open_stops_matching_by_amount()
    {
        // FA-2026-0290 was paid already; Leroy has an open invoice of the same amount: a duplicate payment, not that invoice.
        var proposal = Propose(310_00, "REGLEMENT FACTURE FA-2026-0290", LeroyIban).ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        proposal.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.ReferenceUnresolved && r.Text == "2026-0290");
    }

    [Theory]
    [InlineData("FACT FA-2026-0354 MOINS AVOIR AV-2026-0012")]
    [InlineData("CDE 20260012 FACT FA-2026-0354")]
    [InlineData("FACT FA-2026-0354 MONTANT 700,00 EUR DU 12/02/2026")]
    public void Other_documents_dates_and_amounts_are_not_read_as_invoices(string text)
    {
        var proposal = Propose(700_00, text, LeroyIban).ShouldNotBeNull();
        Numbers(proposal).ShouldBe("FA-2026-0354");
        proposal.Invoices.Single().AmountMinor.ShouldBe(700_00);
        proposal.Auto.ShouldBeTrue(string.Join("; ", proposal.ReasonTexts));
    }

    [Fact]
    public void Amounts_written_per_invoice_split_the_payment()
    {
        var proposal = Propose(1_200_00 + 200_00, "FA-2026-0347 : 1 200,00 EUR / FA-2026-0348 : 200,00 EUR", DupontIban).ShouldNotBeNull();
        proposal.Invoices.Select(i => (i.Number, i.AmountMinor)).ShouldBe([("FA-2026-0347", 1_200_00), ("FA-2026-0348", 200_00)]);
        proposal.Auto.ShouldBeTrue();
    }

    [Fact]
    public void A_part_payment_of_several_invoices_goes_to_review()
    {
        var proposal = Propose(800_00, "ACOMPTE FA-2026-0347 FA-2026-0348", DupontIban).ShouldNotBeNull();
        proposal.Auto.ShouldBeFalse();
        proposal.Reasons[^1].Code.ShouldBe(MatchReasonCodes.ReviewSplitUnknown);
    }

    [Fact]
    public void The_account_rf_reference_identifies_the_customer()
    {
        var rf = Encaisse.Payments.Matching.CreditorReference.Create("411LEROY");
        var proposal = Propose(777_00 + 310_00, rf).ShouldNotBeNull();
        proposal.CustomerRef.ShouldBe("411LEROY");
        Numbers(proposal).ShouldBe("FA-2026-0012,FA-2026-0354");
        proposal.Auto.ShouldBeTrue();
        proposal.Reasons[0].Code.ShouldBe(MatchReasonCodes.CustomerRf);
    }

    [Fact]
    public void Reasons_are_codes_with_data_said_in_english_or_french()
    {
        var proposal = Propose(1_197_50, "FACT FA-2026-0347", DupontIban).ShouldNotBeNull();
        var fee = proposal.Reasons.Single(r => r.Code == MatchReasonCodes.AmountFeeShort);
        fee.AmountMinor.ShouldBe(2_50);
        MatchReasonText.English(fee).ShouldBe("2.50 EUR short of the open amount: bank fees within the tolerance");
        MatchReasonText.French(fee).ShouldContain("frais bancaires");
        var exact = proposal.Reasons.Single(r => r.Code == MatchReasonCodes.ReferenceExact);
        (exact.Invoice, exact.Text).ShouldBe(("FA-2026-0347", "2026-0347"));
        System.Text.Json.JsonSerializer.Serialize(exact).ShouldBe("""{"Code":"reference.exact","Invoice":"FA-2026-0347","Text":"2026-0347","Weight":0.55}""");
    }

    [Fact]
    public void Subset_search_stops_at_the_second_solution_and_reports_an_exhausted_budget()
    {
        SubsetSearch.Find([100, 200, 300, 400], 500, 500, out var complete).Count.ShouldBe(2);
        complete.ShouldBeTrue();
        var unique = SubsetSearch.Find([100, 250, 400], 650, 650, out complete);
        unique.ShouldHaveSingleItem().Order().ShouldBe([1, 2]);
        // Even amounts never make an odd total: the search has to try everything, and gives up after its budget.
        SubsetSearch.Find([.. Enumerable.Range(1, 40).Select(i => (long)i * 2)], 401, 401, out complete, budget: 1000).ShouldBeEmpty();
        complete.ShouldBeFalse();
    }
}
