using System.Text;
using Encaisse.Formats;
using Shouldly;

namespace Encaisse.Tests.Formats;

public class CellsTests
{
    [Theory]
    [InlineData("1234.56", "1234.56")]
    [InlineData("1234,56", "1234.56")]
    [InlineData("1 234,56", "1234.56")]
    [InlineData("1\u00A0234,56 €", "1234.56")]
    [InlineData("1\u202F234,56", "1234.56")]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("-12,5", "-12.5")]
    [InlineData("(12.50)", "-12.50")]
    [InlineData("EUR 99", "99")]
    [InlineData("0000000069,60", "69.60")]
    public void Amounts_in_French_and_English_notation(string text, string expected)
    {
        Cells.TryAmount(text, out var amount, out var reason).ShouldBeTrue(reason);
        amount.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("12#5")]
    [InlineData("1O0")]
    public void Bad_amounts_are_refused_with_a_reason(string text)
    {
        Cells.TryAmount(text, out _, out var reason).ShouldBeFalse();
        reason.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("31/01/2026", 2026, 1, 31)]
    [InlineData("1/2/2026", 2026, 2, 1)]
    [InlineData("2026-01-31", 2026, 1, 31)]
    [InlineData("20260131", 2026, 1, 31)]
    [InlineData("31.01.2026", 2026, 1, 31)]
    [InlineData("2026-01-31 00:00:00", 2026, 1, 31)]
    [InlineData("46053", 2026, 1, 31)]
    public void Dates_day_first_or_iso(string text, int y, int m, int d)
    {
        Cells.TryDate(text, out var date, out var reason).ShouldBeTrue(reason);
        date.ShouldBe(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("31/13/2026")]
    [InlineData("2026-02-30")]
    [InlineData("demain")]
    public void Bad_dates_are_refused(string text) => Cells.TryDate(text, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData("eur", true, "EUR")]
    [InlineData("€", true, "EUR")]
    [InlineData("", true, "EUR")]
    [InlineData("usd", true, "USD")]
    [InlineData("XYZ", false, "XYZ")]
    public void Currencies_are_known_iso_codes(string text, bool ok, string code)
    {
        Cells.TryCurrency(text, "EUR", out var currency, out _).ShouldBe(ok);
        currency.ShouldBe(code);
    }

    [Theory]
    [InlineData("732 829 320", true)]
    [InlineData("732829321", false)]
    [InlineData("12345", false)]
    public void Siren_check_digit(string text, bool ok) => Cells.TrySiren(text, out _, out _).ShouldBe(ok);

    [Theory]
    [InlineData("Numéro de facture", ImportKind.Invoices, Field.Number)]
    [InlineData("N° facture", ImportKind.Invoices, Field.Number)]
    [InlineData("invoice number", ImportKind.Invoices, Field.Number)]
    [InlineData("DATE D'ÉCHÉANCE", ImportKind.Invoices, Field.DueDate)]
    [InlineData("due date", ImportKind.Invoices, Field.DueDate)]
    [InlineData("Montant TTC (€)", ImportKind.Invoices, Field.Amount)]
    [InlineData("Montant TTC EUR", ImportKind.Invoices, Field.Amount)]
    [InlineData("amount incl. tax", ImportKind.Invoices, Field.Amount)]
    [InlineData("Devise", ImportKind.Invoices, Field.Currency)]
    [InlineData("TVA", ImportKind.Invoices, Field.TaxAmount)]
    [InlineData("TVA", ImportKind.Customers, Field.VatNumber)]
    [InlineData("N° TVA", ImportKind.Invoices, Field.VatNumber)]
    [InlineData("Référence client", ImportKind.Invoices, Field.CustomerRef)]
    [InlineData("customer ref", ImportKind.Invoices, Field.CustomerRef)]
    [InlineData("Raison sociale", ImportKind.Customers, Field.CustomerName)]
    [InlineData("customer name", ImportKind.Customers, Field.CustomerName)]
    [InlineData("N° TVA intracommunautaire", ImportKind.Customers, Field.VatNumber)]
    [InlineData("SIREN", ImportKind.Customers, Field.Siren)]
    [InlineData("Date", ImportKind.Payments, Field.PaymentDate)]
    [InlineData("Montant", ImportKind.Payments, Field.Amount)]
    [InlineData("Référence", ImportKind.Payments, Field.Reference)]
    public void Headers_are_matched_whatever_accents_case_and_language(string header, ImportKind kind, Field field) =>
        Columns.Resolve(kind, header).ShouldBe(field);

    [Theory]
    [InlineData("a;b;c", ';')]
    [InlineData("a,b,c", ',')]
    [InlineData("a\tb\tc", '\t')]
    [InlineData("\"x;y\",b,c", ',')]
    [InlineData("a|b|c", '|')]
    public void Separator_is_detected_from_the_header(string header, char expected) =>
        TextSniffer.DetectSeparator(header).ShouldBe(expected);

    [Fact]
    public void Encoding_is_utf8_when_valid_and_windows_1252_otherwise()
    {
        var text = "Référence client;Raison sociale\nC1;Société Générale d'Électricité\n";
        TextSniffer.DetectEncoding(Encoding.UTF8.GetBytes(text), complete: true).WebName.ShouldBe("utf-8");
        TextSniffer.DetectEncoding([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], complete: true).WebName.ShouldBe("utf-8");
        TextSniffer.DetectEncoding(TextSniffer.Windows1252.GetBytes(text), complete: true).CodePage.ShouldBe(1252);
    }
}
