using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Encaisse.Localization;
using Shouldly;

namespace Encaisse.Tests.Legal;

/// <summary>
/// The legal rules' notes are codes with data (ADR 1530), written by the catalogue in the reader's language at display
/// time: every kind in French and English, the English sentence for the CLI and the API, equality for de-duplication.
/// </summary>
public sealed class LegalNoteTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One note of each kind, with the data the rules give it.</summary>
    public static TheoryData<string> Codes() => [.. LegalNote.Codes];

    private static LegalNote Sample(string code) => code switch
    {
        LegalNote.DueBeforeIssue => LegalNote.Of(code, ("due", D("2026-01-10")), ("issued", D("2026-01-15"))),
        LegalNote.EndOfMonthDerogation => LegalNote.Of(code, ("date", D("2026-03-16"))),
        LegalNote.PastCap => LegalNote.Of(code, ("due", D("2026-04-30")), ("cap", D("2026-03-17")), ("sector", TermsSector.Transport)),
        LegalNote.TermsUnreadable => LegalNote.Of(code, ("terms", "whenever")),
        LegalNote.TermsExceedCap => LegalNote.Of(code, ("terms", new PaymentTerms(TermsKind.Net, 90)), ("sector", TermsSector.General),
            ("issued", D("2024-01-01")), ("due", D("2024-03-31")), ("cap", D("2024-03-01"))),
        LegalNote.ProvisionalRates => LegalNote.Of(code, ("half", new HalfYear(2026, 2)), ("latest", new HalfYear(2026, 1))),
        LegalNote.MissingRates => LegalNote.Of(code, ("half", new HalfYear(2026, 2))),
        LegalNote.InterestStopsInsolvency => LegalNote.Of(code, ("date", D("2025-05-01"))),
        LegalNote.InterestPaused => LegalNote.Of(code, ("from", D("2025-02-01")), ("to", D("2025-02-28")), ("reason", InterestPause.CreditNote)),
        LegalNote.FloorAboveDefault => LegalNote.Of(code, ("half", new HalfYear(2024, 1)), ("legalRate", 5.07m), ("floor", 15.21m), ("defaultRate", 14.50m)),
        LegalNote.RateBelowFloor => LegalNote.Of(code, ("rate", 12m), ("floor", 15.21m), ("legalRate", 5.07m), ("half", new HalfYear(2024, 1))),
        LegalNote.ClaimRefused => LegalNote.Of(code, ("detail", "The amount must be positive.")),
        _ => LegalNote.Of(code),
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_kind_is_written_in_French_and_in_English(string code)
    {
        var note = Sample(code);
        Catalogue.Has(note.Key).ShouldBeTrue(note.Key);
        Catalogue.Keys(Catalogue.English).ShouldContain(note.Key);
        var fr = note.Text("fr");
        var en = note.Text("en");
        fr.ShouldNotBe(note.Key);
        fr.ShouldNotBe(en, code);
        foreach (var text in new[] { fr, en })
        {
            text.ShouldNotContain("{");
            text.ShouldNotContain("legalNote.");
        }

        note.ToString().ShouldBe(en);
    }

    [Fact]
    public void Dates_half_years_sectors_terms_and_rates_are_written_in_the_language()
    {
        var past = Sample(LegalNote.PastCap);
        past.Text("fr").ShouldBe("L'échéance du 30/04/2026 dépasse le plafond légal du 17/03/2026 (transport : 30 jours date de facture, L441-11 II 5°) : le dépassement expose le débiteur à une amende administrative (L441-16).");
        past.Text("en").ShouldBe("The due date 2026-04-30 is past the legal maximum 2026-03-17 (transport: 30 days from the invoice date, L441-11 II 5°); the excess exposes the debtor to an administrative fine (L441-16).");

        var provisional = Sample(LegalNote.ProvisionalRates);
        provisional.Text("fr").ShouldStartWith("Les taux de référence du 2e semestre 2026 ne sont pas encore publiés : ceux du 1er semestre 2026");
        provisional.Text("en").ShouldStartWith("The reference rates of the second half of 2026 are not published yet: those of the first half of 2026");

        var exceed = Sample(LegalNote.TermsExceedCap);
        exceed.Text("fr").ShouldContain("« 90 jours net »");
        exceed.Text("fr").ShouldContain("une facture du 01/01/2024 serait due le 31/03/2024, après le 01/03/2024");
        exceed.Text("en").ShouldContain("\"90 days net\"");

        var floor = Sample(LegalNote.FloorAboveDefault);
        floor.Text("fr").ShouldContain("3 × le taux légal de 5,07 % = 15,21 %");
        floor.Text("en").ShouldContain("3 × the legal rate of 5.07 % = 15.21 %");

        var paused = Sample(LegalNote.InterestPaused);
        paused.Text("fr").ShouldBe("Pas d'intérêts du 01/02/2025 au 28/02/2025 : litige soldé par un avoir.");
        paused.Text("en").ShouldBe("No interest from 2025-02-01 to 2025-02-28: dispute resolved by a credit note.");
        LegalNote.Of(LegalNote.InterestPaused, ("from", D("2025-02-01")), ("to", D("2025-02-28")), ("reason", InterestPause.RejectedDispute))
            .Text("fr").ShouldEndWith("litige rejeté, suspendu selon la politique.");
    }

    [Fact]
    public void Every_sector_has_its_description()
    {
        foreach (var sector in Enum.GetValues<TermsSector>())
        {
            Catalogue.Has("legalNote.sector." + sector).ShouldBeTrue(sector.ToString());
            Catalogue.Keys(Catalogue.English).ShouldContain("legalNote.sector." + sector);
        }
    }

    [Fact]
    public void Notes_with_the_same_code_and_data_are_equal()
    {
        Sample(LegalNote.PastCap).ShouldBe(Sample(LegalNote.PastCap));
        Sample(LegalNote.PastCap).GetHashCode().ShouldBe(Sample(LegalNote.PastCap).GetHashCode());
        Sample(LegalNote.PastCap).ShouldNotBe(LegalNote.Of(LegalNote.PastCap, ("due", D("2026-04-30")), ("cap", D("2026-03-18")), ("sector", TermsSector.Transport)));
        new[] { Sample(LegalNote.ConsumerNotice), Sample(LegalNote.ConsumerNotice) }.Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public void The_rules_return_codes_with_data()
    {
        var check = PaymentTermsRules.Check(D("2026-01-15"), D("2026-04-30"), sector: TermsSector.Transport);
        check.Warnings.ShouldHaveSingleItem().ShouldBe(LegalNote.Of(LegalNote.PastCap, ("due", D("2026-04-30")), ("cap", D("2026-02-14")), ("sector", TermsSector.Transport)));

        var tenant = new Tenant { Code = "acme", Name = "ACME", DefaultPaymentTerms = "net30" };
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X", PaymentTerms = "whenever" }, tenant)
            .ShouldHaveSingleItem().ShouldBe(LegalNote.Of(LegalNote.TermsUnreadable, ("terms", "whenever")));

        var consumer = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 1000m, DueDate = D("2025-03-01"), PaidOn = D("2025-04-30"), Debtor = DebtorKind.Consumer, JustifiedRecoveryCosts = 50m,
        }, RateTable.Embedded);
        consumer.Warnings.Select(w => w.Code).ShouldBe([LegalNote.ConsumerNotice, LegalNote.ConsumerCosts], ignoreOrder: true);
    }
}
