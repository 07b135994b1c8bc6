using Encaisse.Formats;
using Encaisse.Ledger;
using Shouldly;

namespace Encaisse.Tests.Formats;

public class LedgerRowsTests
{
    private static readonly string[] InvoiceHeaders =
        ["Numéro de facture", "Référence client", "Raison sociale", "SIREN", "Date facture", "Date d'échéance", "Montant TTC", "Devise", "Type"];

    private static (List<ParsedInvoice> Invoices, ImportIssues Issues) Invoices(params string[][] rows)
    {
        var issues = new ImportIssues();
        var reader = LedgerRows.Create(ImportKind.Invoices, InvoiceHeaders, issues);
        var invoices = reader.Invoices(rows.Select((r, i) => new TabularRow(i + 2, r))).ToList();
        return (invoices, issues);
    }

    [Fact]
    public void An_invoice_row_carries_its_customer()
    {
        var (invoices, issues) = Invoices(["F-001", "C1", "Dupont SARL", "732 829 320", "01/10/2026", "31/10/2026", "1 200,50", "EUR", ""]);
        issues.Count.ShouldBe(0);
        var invoice = invoices.ShouldHaveSingleItem();
        invoice.Number.ShouldBe("F-001");
        invoice.GrossMinor.ShouldBe(120050);
        invoice.NetMinor.ShouldBe(120050);
        invoice.DueDate.ShouldBe(new DateOnly(2026, 10, 31));
        invoice.Kind.ShouldBe(DocumentKind.Invoice);
        invoice.Customer!.Siren.ShouldBe("732829320");
        invoice.Customer.LegalName.ShouldBe("Dupont SARL");
    }

    [Theory]
    [InlineData("-100,00", "", DocumentKind.CreditNote)]
    [InlineData("100,00", "Avoir", DocumentKind.CreditNote)]
    [InlineData("100,00", "credit note", DocumentKind.CreditNote)]
    [InlineData("100,00", "Facture", DocumentKind.Invoice)]
    public void Credit_notes_by_type_column_or_negative_amount(string amount, string type, DocumentKind kind)
    {
        var (invoices, issues) = Invoices(["AV-1", "C1", "", "", "01/10/2026", "01/10/2026", amount, "", type]);
        issues.Count.ShouldBe(0);
        invoices.ShouldHaveSingleItem().Kind.ShouldBe(kind);
        invoices[0].GrossMinor.ShouldBe(10000);
    }

    [Fact]
    public void Consecutive_rows_of_one_number_are_instalments()
    {
        var (invoices, issues) = Invoices(
            ["F-2", "C1", "", "", "01/10/2026", "31/10/2026", "300", "", ""],
            ["F-2", "C1", "", "", "01/10/2026", "30/11/2026", "300", "", ""],
            ["F-2", "C1", "", "", "01/10/2026", "31/12/2026", "400", "", ""],
            ["F-3", "C1", "", "", "01/10/2026", "31/10/2026", "50", "", ""]);
        issues.Count.ShouldBe(0);
        invoices.Count.ShouldBe(2);
        invoices[0].GrossMinor.ShouldBe(100000);
        invoices[0].DueDate.ShouldBe(new DateOnly(2026, 12, 31));
        invoices[0].Instalments.Select(i => (i.Sequence, i.AmountMinor)).ShouldBe([(1, 30000L), (2, 30000L), (3, 40000L)]);
        invoices[1].Instalments.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new[] { "", "C1", "", "", "01/10/2026", "31/10/2026", "10", "", "" }, "Numéro de facture", null, "is empty but required")]
    [InlineData(new[] { "F1", "C1", "", "", "32/10/2026", "31/10/2026", "10", "", "" }, "Date facture", "32/10/2026", "is not a date")]
    [InlineData(new[] { "F1", "C1", "", "", "01/10/2026", "31/10/2026", "dix", "", "" }, "Montant TTC", "dix", "is not an amount")]
    [InlineData(new[] { "F1", "C1", "", "", "01/10/2026", "31/10/2026", "10", "ZZZ", "" }, "Devise", "ZZZ", "is not a currency")]
    [InlineData(new[] { "F1", "C1", "Dupont", "123456789", "01/10/2026", "31/10/2026", "10", "", "" }, "SIREN", "123456789", "check digit")]
    [InlineData(new[] { "F1", "C1", "", "", "01/10/2026", "30/09/2026", "10", "", "" }, "Date d'échéance", "30/09/2026", "before the issue date")]
    [InlineData(new[] { "F1", "C1", "", "", "01/10/2026", "31/10/2026", "10", "", "bon" }, "Type", "bon", "not a document type")]
    public void Bad_rows_give_line_column_value_and_reason(string[] row, string column, string? value, string reason)
    {
        var (invoices, issues) = Invoices(row);
        invoices.ShouldBeEmpty();
        var issue = issues.Items.ShouldHaveSingleItem();
        issue.Line.ShouldBe(2);
        issue.Column.ShouldBe(column);
        issue.Value.ShouldBe(value);
        issue.Reason.ShouldContain(reason);
    }

    [Fact]
    public void A_number_repeated_later_in_the_file_is_a_duplicate()
    {
        var (_, issues) = Invoices(
            ["F1", "C1", "", "", "01/10/2026", "31/10/2026", "10", "", ""],
            ["F2", "C1", "", "", "01/10/2026", "31/10/2026", "10", "", ""],
            ["F1", "C1", "", "", "01/10/2026", "30/11/2026", "10", "", ""]);
        var issue = issues.Items.ShouldHaveSingleItem();
        (issue.Line, issue.Value).ShouldBe((4, "F1"));
        issue.Reason.ShouldContain("appears twice");
    }

    [Fact]
    public void Missing_required_columns_reject_the_file()
    {
        var issues = new ImportIssues();
        LedgerRows.Create(ImportKind.Invoices, ["invoice number", "amount"], issues);
        issues.FileRejected.ShouldBeTrue();
        issues.Items.Select(i => i.Column).ShouldBe(["CustomerRef", "IssueDate", "DueDate"]);
        issues.Items[0].Reason.ShouldContain("Required column");
    }

    [Fact]
    public void Customers_and_payments_files()
    {
        var issues = new ImportIssues();
        var customers = LedgerRows.Create(ImportKind.Customers, ["Code client", "Nom", "SIRET", "TVA", "Pays"], issues)
            .Customers([new TabularRow(2, ["C1", "Dupont", "73282932000074", "FR44732829320", "France"]), new TabularRow(3, ["C1", "Autre", "", "", ""])]).ToList();
        customers.ShouldHaveSingleItem().Siren.ShouldBe("732829320");
        customers[0].Country.ShouldBe("FR");
        issues.Items.ShouldHaveSingleItem().Reason.ShouldContain("appears twice");

        issues = new ImportIssues();
        var payments = LedgerRows.Create(ImportKind.Payments, ["Référence", "Date de paiement", "Montant", "Mode de règlement", "Code client"], issues)
            .Payments([new TabularRow(2, ["VIR-1", "2026-10-05", "1 200,50", "Virement", "C1"]), new TabularRow(3, ["CHQ-1", "05/10/2026", "-3", "chèque", ""])]).ToList();
        payments.ShouldHaveSingleItem().AmountMinor.ShouldBe(120050);
        payments[0].Method.ShouldBe(PaymentMethod.Transfer);
        issues.Items.ShouldHaveSingleItem().Reason.ShouldContain("must be positive");
    }
}
