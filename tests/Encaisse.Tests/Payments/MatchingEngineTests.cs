using Encaisse.Payments;
using Encaisse.Payments.Matching;
using Encaisse.Payments.Sepa;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class MatchingEngineTests
{
    private static readonly DateOnly Due = new(2026, 3, 31);

    private static readonly OpenInvoice[] Portfolio =
    [
        new("FA-2026-00123", "411DUPONT", "Dupont Bâtiment SARL", Due.AddDays(-30), Due, 120_000, "EUR"),
        new("FA-2026-00124", "411DUPONT", "Dupont Bâtiment SARL", Due.AddDays(-20), Due.AddDays(10), 30_050, "EUR"),
        new("FA-2026-00125", "411DUPONT", "Dupont Bâtiment SARL", Due.AddDays(-10), Due.AddDays(20), 45_000, "EUR"),
        new("FA-2026-00200", "411MARTIN", "Martin & Fils", Due.AddDays(-30), Due, 99_999, "EUR"),
        new("FA-2026-00201", "411MARTIN", "Martin & Fils", Due.AddDays(-30), Due.AddDays(5), 15_000, "EUR"),
        new("FA-2026-00300", "411LEROY", "Leroy Transports", Due.AddDays(-30), Due, 77_700, "EUR"),
    ];

    private static readonly KnownPayer[] Payers = [new("FR7630006000011234567890189", null, "411MARTIN")];

    private static MatchProposal? Propose(long amount, string? text, string? iban = null, string? name = null) =>
        new MatchingEngine(Portfolio, Payers).Propose(new MatchInput(0, Due.AddDays(3), amount, "EUR", name, iban, text));

    [Theory]
    // text, amount, expected invoices, auto
    [InlineData("Facture FA-2026-00123", 120_000, "FA-2026-00123", true)]
    [InlineData("virement fa 2026 00123 merci", 120_000, "FA-2026-00123", true)]
    [InlineData("REGLEMENT FACT 202600123", 120_000, "FA-2026-00123", true)]
    [InlineData("fa-2026-00132", 120_000, "FA-2026-00123", false)]
    [InlineData("FA-2026-00123 FA-2026-00124", 150_050, "FA-2026-00123,FA-2026-00124", true)]
    [InlineData("FA-2026-00123 fees", 119_750, "FA-2026-00123", true)]
    [InlineData("acompte FA-2026-00123", 50_000, "FA-2026-00123", true)]
    [InlineData("acompte 2026 00123", 50_000, "FA-2026-00123", false)]
    public void Invoice_numbers_in_the_text_are_found_tolerantly(string text, long amount, string expected, bool auto)
    {
        var proposal = Propose(amount, text).ShouldNotBeNull();
        string.Join(',', proposal.Invoices.Select(i => i.Number)).ShouldBe(expected);
        proposal.Auto.ShouldBe(auto);
        proposal.Reasons.ShouldNotBeEmpty();
    }

    [Fact]
    public void Structured_rf_reference_with_valid_check_digits_is_a_strong_signal()
    {
        var rf = CreditorReference.Create("FA-2026-00300");
        CreditorReference.IsValid(rf).ShouldBeTrue();
        var proposal = Propose(77_700, "Paiement " + rf).ShouldNotBeNull();
        proposal.Auto.ShouldBeTrue();
        proposal.Reasons.ShouldContain(r => r.Code == MatchReasonCodes.ReferenceRf && r.Invoice == "FA-2026-00300");
        proposal.ReasonTexts.ShouldContain(r => r.Contains("ISO 11649", StringComparison.Ordinal));
    }

    [Fact]
    public void A_known_payer_with_nothing_that_fits_is_named_once_among_the_reasons()
    {
        var proposal = Propose(12_345, "virement", iban: "FR76 3000 6000 0112 3456 7890 189").ShouldNotBeNull();
        proposal.CustomerRef.ShouldBe("411MARTIN");
        proposal.Auto.ShouldBeFalse();
        proposal.Reasons.Count(r => r.Code == MatchReasonCodes.PayerIban).ShouldBe(1, string.Join(" | ", proposal.ReasonTexts));
        proposal.ReasonTexts.Distinct().Count().ShouldBe(proposal.ReasonTexts.Count);
    }

    [Fact]
    public void Known_payer_iban_with_a_sum_of_open_invoices_matches_without_reference()
    {
        var proposal = Propose(114_999, "virement", iban: "FR76 3000 6000 0112 3456 7890 189").ShouldNotBeNull();
        proposal.CustomerRef.ShouldBe("411MARTIN");
        proposal.Invoices.Select(i => i.Number).ShouldBe(["FA-2026-00200", "FA-2026-00201"]);
        proposal.Auto.ShouldBeTrue();
    }

    [Fact]
    public void Payer_name_from_customer_data_identifies_the_customer()
    {
        var proposal = Propose(77_700, null, name: "LEROY TRANSPORTS SAS").ShouldNotBeNull();
        proposal.CustomerRef.ShouldBe("411LEROY");
        proposal.Invoices.Single().Number.ShouldBe("FA-2026-00300");
    }

    [Fact]
    public void Overpayment_leaves_the_excess_as_customer_credit()
    {
        var proposal = Propose(80_000, "FA-2026-00300").ShouldNotBeNull();
        proposal.Invoices.Single().AmountMinor.ShouldBe(77_700);
        proposal.UnallocatedMinor.ShouldBe(2_300);
    }

    [Fact]
    public void Unidentified_receipts_stay_unmatched_and_debits_are_skipped()
    {
        var engine = new MatchingEngine(Portfolio, Payers);
        var run = engine.Match([
            new MatchInput(0, Due, 12_345, "EUR", "SOMEONE", null, "cadeau"),
            new MatchInput(1, Due, -5_000, "EUR", null, null, "frais"),
            new MatchInput(2, Due, 120_000, "EUR", null, null, "FA-2026-00123"),
        ]);
        run.Unmatched.ShouldBe([0]);
        run.Matches.Single().Transaction.ShouldBe(2);
    }

    [Fact]
    public void An_invoice_applied_automatically_is_not_offered_twice_in_one_run()
    {
        var run = new MatchingEngine(Portfolio).Match([
            new MatchInput(0, Due, 77_700, "EUR", null, null, "FA-2026-00300"),
            new MatchInput(1, Due, 77_700, "EUR", null, null, "FA-2026-00300"),
        ]);
        run.Matches.Count(m => m.Auto).ShouldBe(1);
    }

    [Theory]
    [InlineData("RF18539007547034", true)]
    [InlineData("RF18 5390 0754 7034", true)]
    [InlineData("RF19539007547034", false)]
    [InlineData("RF18", false)]
    public void Creditor_reference_check_digits(string value, bool valid) => CreditorReference.IsValid(value).ShouldBe(valid);

    [Theory]
    [InlineData("FR72ZZZ123456", true)]
    [InlineData("FR73ZZZ123456", false)]
    [InlineData("DE98ZZZ09999999999", true)]
    [InlineData("XX", false)]
    public void Sepa_creditor_identifier_check(string value, bool valid) => CreditorIdentifier.IsValid(value).ShouldBe(valid);

    [Theory]
    [InlineData("FR7630006000011234567890189", true)]
    [InlineData("FR7630006000011234567890188", false)]
    public void Iban_check(string value, bool valid) => Iban.IsValid(value).ShouldBe(valid);
}
