using System.Globalization;
using System.Text;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Formats;
using Encaisse.Formats.Runs;
using Encaisse.Web.BackOffice;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Pure parts of the imports page and the portal plan request: rule codes, localised reasons, errors CSV, texts.</summary>
public sealed class PortalPlanTextsTests
{
    private static readonly DateOnly Today = new(2026, 3, 16);
    private static readonly CollectionsPolicy Rules = new() { MaxInstalments = 6, MaxDurationDays = 180, MaxDaysToFirstInstalment = 30, MinFirstInstalmentPercent = 10, MaxAutoAcceptMinor = 1_000_000 };

    [Theory]
    [InlineData(300_000, 3, 7, "")]
    [InlineData(800_000, 8, 7, "MaxInstalments MaxDuration")]
    [InlineData(300_000, 3, 45, "DaysToFirstInstalment")]
    [InlineData(300_000, 6, 20, "")]
    [InlineData(300_000, 6, 30, "MaxDuration")]
    [InlineData(2_000_000, 3, 7, "MaxAmount")]
    [InlineData(800_000, 8, 49, "MaxInstalments MaxDuration DaysToFirstInstalment")]
    public void Broken_rules_come_with_their_code_in_the_order_of_the_reasons(long total, int count, int firstInDays, string expected)
    {
        var schedule = PaymentPlanSchedule.Equal(total, count, Today.AddDays(firstInDays));
        var decision = PaymentPlanAcceptance.Decide(total, schedule, Rules, Today);
        string.Join(' ', decision.Broken).ShouldBe(expected);
        decision.Broken.Count.ShouldBe(decision.Reasons.Count);
        decision.Accepted.ShouldBe(expected.Length == 0);
    }

    [Theory]
    [InlineData(PlanRule.MaxInstalments, "fr", "au plus 6 échéances sont acceptées automatiquement.")]
    [InlineData(PlanRule.MaxInstalments, "en", "at most 6 instalments are accepted automatically.")]
    [InlineData(PlanRule.MaxDuration, "fr", "l'échéancier ne peut pas dépasser 180 jours.")]
    [InlineData(PlanRule.DaysToFirstInstalment, "en", "the first instalment must fall within 30 days.")]
    [InlineData(PlanRule.FirstInstalmentShare, "fr", "la première échéance doit représenter au moins 10 % du total.")]
    [InlineData(PlanRule.MaxAmount, "fr", "au-delà de 10000.00, la demande est étudiée par notre service.")]
    [InlineData(PlanRule.AutoAcceptOff, "en", "every request is reviewed by our team.")]
    public void Reasons_are_told_in_the_customer_language_with_the_tenant_limits(PlanRule rule, string lang, string expected) =>
        PortalPlanTexts.Reason(rule, Rules, lang, m => Encaisse.Ledger.Currencies.FormatInvariant(m, "EUR")).ShouldBe(expected);

    [Fact]
    public void Errors_csv_opens_in_a_french_spreadsheet_and_defuses_formulas()
    {
        var report = new ImportReport
        {
            Kind = ImportKind.Invoices,
            File = "factures.csv",
            Errors = [new ImportIssue(4, "Montant TTC", "1O0", "contains 'O'; not an amount"), new ImportIssue(9, "Client", "=HYPERLINK(\"x\")", "unknown customer"), new ImportIssue(1, null, null, "The file is empty.")],
        };
        var bytes = ImportErrorsCsv.Write(report, french: true);
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).ShouldBe(
            "Ligne;Colonne;Valeur;Motif\r\n" +
            "4;Montant TTC;1O0;\"contains 'O'; not an amount\"\r\n" +
            "9;Client;\"'=HYPERLINK(\"\"x\"\")\";unknown customer\r\n" +
            "1;;;The file is empty.\r\n");
        ImportErrorsCsv.FileNameFor("factures.xlsx", french: false).ShouldBe("factures-errors.csv");
    }

    [Fact]
    public void Every_new_text_exists_in_both_languages()
    {
        foreach (var key in new[] { "import.title", "import.bank.review", "portal.plan.title", "portal.plan.office.paused", "dash.approvals", "dash.failed" })
        {
            Encaisse.Localization.Catalogue.Text("fr", key).ShouldNotBe(key);
            Encaisse.Localization.Catalogue.Text("en", key).ShouldNotBe(Encaisse.Localization.Catalogue.Text("fr", key), key);
        }

        PortalPlanTexts.Conditions(Rules, "fr", m => (m / 100).ToString(CultureInfo.InvariantCulture) + " €")
            .ShouldBe(["au plus 6 échéances, sur 180 jours au plus ;", "une première échéance dans les 30 jours ;", "un solde jusqu'à 10000 €."]);
    }
}
