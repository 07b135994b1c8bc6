using System.Globalization;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Legal;
using Shouldly;

namespace Encaisse.Tests.Legal;

public sealed class PaymentTermsTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Test vectors of french-law.md §1.1 ("45 jours fin de mois", both methods, and 60 days net).
    [Theory]
    [InlineData("2025-01-15", "2025-03-17", "2025-03-31", "2025-03-16")]
    [InlineData("2025-03-10", "2025-05-15", "2025-04-30", "2025-05-09")]
    [InlineData("2024-01-31", "2024-03-16", "2024-03-31", "2024-03-31")]
    [InlineData("2025-12-15", "2026-02-14", "2026-01-31", "2026-02-13")]
    public void Reference_vectors(string invoice, string methodA, string methodB, string net60)
    {
        var terms = PaymentTerms.Parse("45eom");
        terms.DueDate(D(invoice), EndOfMonthMethod.EndThenDays).ShouldBe(D(methodA));
        terms.DueDate(D(invoice), EndOfMonthMethod.DaysThenEnd).ShouldBe(D(methodB));
        PaymentTerms.Parse("net60").DueDate(D(invoice)).ShouldBe(D(net60));
        PaymentTermsRules.DueDate(D(invoice), terms, EndOfMonthMethod.EndThenDays).WithinLegalCap.ShouldBeTrue();
        PaymentTermsRules.DueDate(D(invoice), terms, EndOfMonthMethod.DaysThenEnd).WithinLegalCap.ShouldBeTrue();
    }

    [Theory]
    [InlineData("net30", "2025-01-15", "2025-02-14")]
    [InlineData("net 45", "2025-01-15", "2025-03-01")]
    [InlineData("30", "2025-01-15", "2025-02-14")]
    [InlineData("eom+15", "2025-01-15", "2025-02-15")]
    [InlineData("fdm+10", "2024-02-10", "2024-03-10")]
    [InlineData("eom", "2024-02-10", "2024-02-29")]
    [InlineData("comptant", "2025-01-15", "2025-01-15")]
    [InlineData("fixed:2025-04-10", "2025-01-15", "2025-04-10")]
    [InlineData("45 jours fin de mois", "2025-01-15", "2025-03-17")]
    [InlineData("45 j fin de mois", "2025-01-15", "2025-03-17")]
    [InlineData("30 jours net", "2025-01-15", "2025-02-14")]
    [InlineData("à 30 jours", "2025-01-15", "2025-02-14")]
    [InlineData("Net 30 jours", "2025-01-15", "2025-02-14")]
    [InlineData("Fin de mois + 15 jours", "2025-01-15", "2025-02-15")]
    [InlineData("fin de mois le 10", "2024-02-10", "2024-03-10")]
    [InlineData("À réception", "2025-01-15", "2025-01-15")]
    [InlineData("60 days end of month", "2025-01-15", "2025-04-01")]
    public void Parses_terms_and_computes_due_dates(string text, string invoice, string due) =>
        PaymentTerms.Parse(text).DueDate(D(invoice)).ShouldBe(D(due));

    [Theory]
    [InlineData("net")]
    [InlineData("45days")]
    [InlineData("fixed:31/03/2025")]
    [InlineData("net999")]
    [InlineData("45 jours fin de mois le 10")]
    [InlineData("quand il pourra")]
    public void Refuses_unreadable_terms(string text) => PaymentTerms.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("net60", "general", true, 0)]
    [InlineData("net61", "general", true, 1)] // 15 Jan + 61 = 17 Mar: only under the 45-days-EOM derogation
    [InlineData("net62", "general", false, 1)]
    [InlineData("eom+45", "general", true, 1)]
    [InlineData("net30", "transport", true, 0)]
    [InlineData("net31", "transport", false, 1)]
    [InlineData("45eom", "transport", false, 1)]
    [InlineData("net45", "periodic", true, 0)]
    [InlineData("net46", "periodic", false, 1)]
    public void Checks_the_legal_caps(string terms, string sector, bool within, int warnings)
    {
        var s = Enum.Parse<TermsSector>(sector == "periodic" ? "PeriodicInvoice" : sector, ignoreCase: true);
        var check = PaymentTermsRules.DueDate(D("2025-01-15"), PaymentTerms.Parse(terms), EndOfMonthMethod.EndThenDays, s);
        check.WithinLegalCap.ShouldBe(within);
        check.Warnings.Count.ShouldBe(warnings);
    }

    [Fact]
    public void Sector_caps_count_from_delivery()
    {
        PaymentTermsRules.Check(D("2025-03-10"), D("2025-04-01"), sector: TermsSector.Livestock, deliveryDate: D("2025-03-05")).LegalCap.ShouldBe(D("2025-03-25"));
        PaymentTermsRules.Check(D("2025-03-10"), D("2025-04-30"), sector: TermsSector.Alcohol, deliveryDate: D("2025-03-05")).LegalCap.ShouldBe(D("2025-04-30"));
    }

    [Fact]
    public void Warns_on_customers_and_invoices()
    {
        var tenant = new Tenant { Code = "acme", Name = "ACME", DefaultPaymentTerms = "net30" };
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X", PaymentTerms = "net90" }, tenant)
            .ShouldHaveSingleItem().ToString().ShouldContain("90 days net");
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X", PaymentTerms = "45eom" }, tenant).ShouldBeEmpty();
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X" }, tenant).ShouldBeEmpty();
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X", PaymentTerms = "whenever" }, tenant)
            .ShouldHaveSingleItem().ToString().ShouldContain("cannot be read");
        PaymentTermsRules.CheckCustomer(new Customer { ExternalRef = "C1", LegalName = "X", PaymentTerms = "net45" }, tenant, sector: TermsSector.Transport)
            .ShouldHaveSingleItem().ToString().ShouldContain("transport");

        var invoice = new Invoice { Number = "FA-1", IssueDate = D("2025-01-15"), DueDate = D("2025-04-30") };
        PaymentTermsRules.CheckInvoice(invoice).ShouldHaveSingleItem().ToString().ShouldContain("2025-03-17");
    }
}

[Collection("Console")]
public sealed class TermsCommandTests
{
    [Theory]
    [InlineData("net30", null, "2025-02-14", true)]
    [InlineData("45eom", "end-then-45", "2025-03-17", true)]
    [InlineData("45eom", "45-then-end", "2025-03-31", true)]
    [InlineData("eom+60", null, "2025-04-01", false)]
    public async Task Due_date_json(string terms, string? method, string due, bool within)
    {
        string[] args = ["legal", "due-date", "--invoice-date", "2025-01-15", "--terms", terms, "--json"];
        if (method is not null)
        {
            args = [.. args, "--method", method];
        }

        var (exit, stdout, _) = await LegalCli.RunAsync(args);
        exit.ShouldBe(0);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("dueDate").GetString().ShouldBe(due);
        json.GetProperty("withinLegalCap").GetBoolean().ShouldBe(within);
        if (!within)
        {
            json.GetProperty("warnings").GetArrayLength().ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task Due_date_bad_terms_exit_2()
    {
        var (exit, _, stderr) = await LegalCli.RunAsync("legal", "due-date", "--invoice-date", "2025-01-15", "--terms", "soon", "--json");
        exit.ShouldBe(2);
        stderr.ShouldContain("soon");
    }

    [Theory]
    [InlineData("812809234", "siren", true, "FR04812809234", 0)]
    [InlineData("81280923400014", "siret", true, "FR04812809234", 0)]
    [InlineData("FR04812809234", "vat", true, "FR04812809234", 0)]
    [InlineData("812809235", "siren", false, null, 1)]
    public async Task Check_id_json(string value, string kind, bool valid, string? vat, int exitCode)
    {
        var (exit, stdout, _) = await LegalCli.RunAsync("legal", "check-id", value, "--json");
        exit.ShouldBe(exitCode);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("kind").GetString().ShouldBe(kind);
        json.GetProperty("valid").GetBoolean().ShouldBe(valid);
        (json.GetProperty("vat").ValueKind == JsonValueKind.Null ? null : json.GetProperty("vat").GetString()).ShouldBe(vat);
    }

    [Fact]
    public async Task Check_id_of_garbage_exits_2()
    {
        var (exit, _, stderr) = await LegalCli.RunAsync("legal", "check-id", "hello", "--json");
        exit.ShouldBe(2);
        stderr.ShouldContain("SIREN");
    }
}
