using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Documents;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

public sealed class LegalDocumentsTests
{
    [Fact]
    public void Business_formal_notice_prints_principal_interest_indemnity_and_deadline()
    {
        var legal = Case();
        var claim = legal.Decide(ClaimPurpose.FormalNotice, D("2025-07-15"));
        var pdf = LetterPdf.Render(FormalNotice.Build(legal, claim, D("2025-07-15"), "MED-411DUPONT-20250715", 8));
        Save("notice-business.pdf", pdf);
        var text = Text(pdf);
        text.ShouldContain("Mise en demeure de payer");
        text.ShouldContain("RECOMMANDÉE");
        text.ShouldContain("FA-2025-001");
        text.ShouldContain("FA-2025-002");
        text.ShouldContain("11 000,00 €");   // principal
        text.ShouldContain("120,49 €");      // 103,97 + 16,52
        text.ShouldContain("80,00 €");       // 2 × 40 €
        text.ShouldContain("11 200,49 €");   // total
        text.ShouldContain("103,97 €");
        text.ShouldContain("délai de 8 jours");
        text.ShouldContain("L441-10");
        text.ShouldContain("1344");
    }

    [Fact]
    public void Consumer_formal_notice_has_no_indemnity_and_starts_legal_interest()
    {
        var legal = Case(CustomerKind.Consumer);
        var claim = legal.Decide(ClaimPurpose.FormalNotice, D("2025-07-15"));
        var text = Text(LetterPdf.Render(FormalNotice.Build(legal, claim, D("2025-07-15"), "MED-1", 15)));
        text.ShouldContain("11 000,00 €");
        text.ShouldContain("1344-1");
        text.ShouldContain("Aucuns frais de recouvrement");
        text.ShouldNotContain("40,00 €");
        text.ShouldNotContain("Indemnité");
    }

    [Fact]
    public void Agency_letter_carries_the_R124_4_mentions()
    {
        var legal = Case();
        var claim = legal.Decide(ClaimPurpose.AgencyHandOff, D("2025-07-15"));
        var agency = new CollectionAgency("Recouvrex SAS", new PostalAddress { Line1 = "5 quai Perrache", PostalCode = "69002", City = "Lyon" });
        var pdf = LetterPdf.Render(FormalNotice.BuildAgencyLetter(legal, claim, agency, D("2025-07-20"), "REC-411DUPONT-20250720"));
        Save("agency-letter.pdf", pdf);
        var text = Text(pdf);
        text.ShouldContain("Recouvrex SAS");                                  // 1° collector
        text.ShouldContain("exerce une activité de recouvrement amiable");     // 1° statement
        text.ShouldContain("ACME Industrie SAS, 12 rue de la Paix");          // 2° creditor and address
        text.ShouldContain("Fondement de la créance");                        // 3° basis
        text.ShouldContain("11 000,00 €");                                    // 3° principal
        text.ShouldContain("120,49 €");                                       // 3° interest, distinguished
        text.ShouldContain("Modalités de paiement");                          // 4°
        text.ShouldContain("restent à la charge du créancier, sauf s'ils");   // 5° L111-8 al. 2
        text.ShouldContain("débiteur de mauvaise foi");                       // 5° L111-8 al. 3
        text.ShouldContain("REC-411DUPONT-20250720");
        text.ShouldContain("20/07/2025");
    }

    [Fact]
    public void Statement_shows_each_period_with_its_rate()
    {
        var legal = Case();
        var claim = legal.Claim(D("2025-07-15"), new ClaimOptions { IncludeSettledLate = true });
        var pdf = LetterPdf.Render(InterestStatement.Build(legal, claim, D("2025-07-16"), "PEN-411DUPONT-20250716"));
        Save("statement.pdf", pdf);
        var text = Text(pdf);
        text.ShouldContain("Décompte des pénalités de retard");
        text.ShouldContain("16/06/2025 – 30/06/2025");
        text.ShouldContain("13,15 %");
        text.ShouldContain("12,15 %");
        text.ShouldContain("54,04 €");
        text.ShouldContain("49,93 €");
        text.ShouldContain("200,49 €");   // 120,49 interest + 80 indemnities
        text.ShouldContain("ne sont pas modifiées");
    }

    [Theory]
    [InlineData("Lyon", CustomerKind.Business, "tribunal-des-activites-economiques")]
    [InlineData("Bordeaux", CustomerKind.Business, "tribunal-de-commerce")]
    [InlineData("Lyon", CustomerKind.Consumer, "tribunal-judiciaire")]
    public void Payment_order_file_names_the_competent_court(string city, CustomerKind kind, string court)
    {
        var legal = Case(kind);
        legal.Customer.BillingAddress.City = city;
        var file = PaymentOrderFile.Build(legal, legal.Decide(ClaimPurpose.PaymentOrder, D("2025-07-15")), D("2025-07-15"));
        file.Court.Type.ShouldBe(court);
        file.Court.Territorial.ShouldContain(city);
    }

    [Fact]
    public void Payment_order_file_as_json_and_pdf()
    {
        var legal = Case();
        var file = PaymentOrderFile.Build(legal, legal.Decide(ClaimPurpose.PaymentOrder, D("2025-07-15")), D("2025-07-15"));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(file, CliJson.Options)).RootElement;
        json.GetProperty("creditor").GetProperty("siren").GetString().ShouldBe("812809234");
        json.GetProperty("debtor").GetProperty("kind").GetString().ShouldBe("business");
        json.GetProperty("principal").GetDecimal().ShouldBe(11000m);
        json.GetProperty("interest").GetDecimal().ShouldBe(120.49m);
        json.GetProperty("indemnity").GetDecimal().ShouldBe(80m);
        json.GetProperty("total").GetDecimal().ShouldBe(11200.49m);
        json.GetProperty("invoices").GetArrayLength().ShouldBe(2);
        json.GetProperty("supportingDocuments").EnumerateArray().Select(d => d.GetString()).ShouldContain("Facture n° FA-2025-001");

        var pdf = LetterPdf.Render(file.ToLetter(legal.Tenant));
        Save("payment-order.pdf", pdf);
        var text = Text(pdf);
        text.ShouldContain("Président du tribunal des activités économiques de Lyon");
        text.ShouldContain("Cerfa n° 12946");
        text.ShouldContain("11 200,49 €");
        text.ShouldContain("Bordereau des pièces");
        text.ShouldContain("SIREN 479 766 842");
    }

    [Fact]
    public void Proof_of_claim_declares_due_and_future_amounts_with_its_deadline()
    {
        var legal = Case();
        var future = Invoice(legal.Customer, "FA-2025-030", "2025-06-20", "2025-07-20", 2400m);
        legal = legal with { Invoices = [.. legal.Invoices, future] };
        var facts = new ProofOfClaimFacts(D("2025-07-01"), D("2025-07-10"), "Maître Durand", ["1 rue du Palais", "69003 Lyon"]) { ProcedureKind = "redressement judiciaire" };
        var (letter, deadline, declared) = ProofOfClaimDocument.Build(legal, facts, D("2025-07-15"));
        deadline.ShouldBe(D("2025-09-10"));
        // Due: 11,000 principal + interest to 30 June (54,04 + 4,32 + 7,21) + 80 €; to fall due: 2,400.
        declared.ShouldBe(11000m + 65.57m + 80m + 2400m);
        var pdf = LetterPdf.Render(letter);
        Save("proof-of-claim.pdf", pdf);
        var text = Text(pdf);
        text.ShouldContain("Déclaration de créance");
        text.ShouldContain("10/09/2025");
        text.ShouldContain("à échoir");
        text.ShouldContain("2 400,00 €");
        text.ShouldContain("13 545,57 €");
        text.ShouldContain("L622-28");
        text.ShouldContain("certifions sincère");
        text.ShouldContain("Maître Durand");
    }
}

public sealed class InvoiceMentionsTests
{
    [Fact]
    public void Ledger_facts_give_missing_and_not_verifiable_mentions()
    {
        var legal = Case();
        legal.Customer.Siren = null;
        var invoice = legal.Invoices[0];
        var report = InvoiceMentions.Check(InvoiceMentions.FactsFrom(legal.Tenant, legal.Customer, invoice));
        report.Missing.Select(m => m.Code).ShouldBe(["customer-siren"]);
        report.NotVerifiable.Select(m => m.Code).ShouldBe(["billing-address", "delivery-address", "sale-date", "lines", "totals-per-rate",
            "operation-category", "vat-on-debits", "reverse-charge", "early-payment-discount", "late-penalty-rate", "recovery-indemnity", "purchase-order"]);
        report.Complete.ShouldBeFalse();
    }

    [Fact]
    public void A_complete_business_invoice_passes()
    {
        var facts = new InvoiceFacts
        {
            SupplierName = "ACME",
            SupplierAddress = "12 rue de la Paix",
            SupplierSiren = "812809234",
            SupplierVat = "FR04812809234",
            CustomerName = "Dupont",
            CustomerAddress = "Lyon",
            CustomerSiren = "479766842",
            Number = "FA-1",
            IssueDate = D("2025-01-01"),
            DueDate = D("2025-01-31"),
            BillingAddressDiffers = false,
            DeliveryAddressDiffers = false,
            SaleDateShown = true,
            LinesComplete = true,
            TotalsPerVatRateShown = true,
            OperationCategoryShown = true,
            SupplierOptedForVatOnDebits = true,
            VatOnDebitsShown = true,
            VatExempt = false,
            ReverseCharge = false,
            EarlyPaymentDiscountShown = true,
            LatePenaltyRateShown = true,
            RecoveryIndemnityShown = true,
            PurchaseOrderIssued = false,
        };
        var report = InvoiceMentions.Check(facts);
        report.Complete.ShouldBeTrue();
        report.NotVerifiable.ShouldBeEmpty();
        InvoiceMentions.Check(facts with { VatOnDebitsShown = false, DeliveryAddressDiffers = true, DeliveryAddressShown = false, PurchaseOrderIssued = true })
            .Missing.Select(m => m.Code).ShouldBe(["delivery-address", "vat-on-debits", "purchase-order"]);
    }

    [Fact]
    public void Consumer_invoices_must_not_show_the_forty_euros()
    {
        var report = InvoiceMentions.Check(new InvoiceFacts { BusinessCustomer = false, RecoveryIndemnityShown = true });
        report.Checks.Single(c => c.Code == "recovery-indemnity").Status.ShouldBe(MentionStatus.Forbidden);
        report.Checks.Single(c => c.Code == "customer-siren").Status.ShouldBe(MentionStatus.NotApplicable);
        report.Checks.ShouldNotContain(c => c.Code == "late-penalty-rate");
    }

    [Fact]
    public void Eu_customers_may_show_their_vat_number_instead_of_a_siren()
    {
        var report = InvoiceMentions.Check(new InvoiceFacts { CustomerCountry = "DE", CustomerVat = "DE123456789" });
        report.Checks.Single(c => c.Code == "customer-siren").Status.ShouldBe(MentionStatus.Present);
        report.Checks.Single(c => c.Code == "customer-vat").Status.ShouldBe(MentionStatus.Present);
    }
}
