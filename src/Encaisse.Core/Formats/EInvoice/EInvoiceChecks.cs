using System.Globalization;

namespace Encaisse.Formats.EInvoice;

/// <summary>The EN 16931 rules a credit manager relies on: the document can be identified (BR-02, BR-05, BR-09)
/// and its totals add up (BR-CO-10, BR-CO-13 to BR-CO-16). Identification gaps refuse the file; arithmetic gaps
/// are warnings (the amount due as written is what the buyer was asked to pay).</summary>
public static class EInvoiceChecks
{
    public static IReadOnlyList<EInvoiceIssue> Check(EInvoiceDocument d)
    {
        var issues = new List<EInvoiceIssue>();
        if (d.Number is null)
        {
            issues.Add(EInvoiceIssue.Refuse("BR-02", "the invoice has no number (BT-1)"));
        }

        if (d.IssueDate is null)
        {
            issues.Add(EInvoiceIssue.Refuse("BR-03", "the invoice has no issue date (BT-2)"));
        }

        if (d.Currency is null)
        {
            issues.Add(EInvoiceIssue.Refuse("BR-05", "the invoice has no currency (BT-5)"));
        }

        if (d.AmountDue is null)
        {
            issues.Add(EInvoiceIssue.Refuse("BR-CO-16", "the invoice gives no amount due (BT-115) nor grand total (BT-112)"));
        }

        if (d.Seller.Name is null)
        {
            issues.Add(EInvoiceIssue.Warn("BR-06", "the seller has no name (BT-27)"));
        }

        if (d.Buyer.Name is null)
        {
            issues.Add(EInvoiceIssue.Warn("BR-07", "the buyer has no name (BT-44)"));
        }

        var t = d.Totals;
        if (d.Lines.Count > 0 && t.LineTotal is { } lineTotal && d.Lines.All(l => l.NetAmount is not null))
        {
            Equal(issues, "BR-CO-10", "sum of line net amounts (BT-131)", d.Lines.Sum(l => l.NetAmount!.Value), "line total (BT-106)", lineTotal);
        }

        if (t.LineTotal is { } lines && t.TaxBasisTotal is { } basis)
        {
            Equal(issues, "BR-CO-13", "line total − allowances + charges", lines - (t.AllowanceTotal ?? 0) + (t.ChargeTotal ?? 0), "tax basis total (BT-109)", basis);
        }

        if (d.Taxes.Count > 0 && t.TaxTotal is { } taxTotal && d.Taxes.All(x => x.Amount is not null))
        {
            Equal(issues, "BR-CO-14", "sum of VAT category amounts (BT-117)", d.Taxes.Sum(x => x.Amount!.Value), "VAT total (BT-110)", taxTotal);
        }

        if (t.TaxBasisTotal is { } taxBasis && t.GrandTotal is { } grand)
        {
            Equal(issues, "BR-CO-15", "tax basis total + VAT total", taxBasis + (t.TaxTotal ?? 0), "grand total (BT-112)", grand);
        }

        if (t.GrandTotal is { } grandTotal && t.DuePayable is { } due)
        {
            Equal(issues, "BR-CO-16", "grand total − prepaid + rounding", grandTotal - (t.Prepaid ?? 0) + (t.Rounding ?? 0), "amount due (BT-115)", due);
        }

        if (d.DueDate is null && d.PaymentTerms is null && d.AmountDue is > 0)
        {
            issues.Add(EInvoiceIssue.Warn("BR-CO-25", "an amount is due but neither a due date (BT-9) nor payment terms (BT-20) are given"));
        }

        return issues;
    }

    private static void Equal(List<EInvoiceIssue> issues, string rule, string computedLabel, decimal computed, string statedLabel, decimal stated)
    {
        if (Math.Round(computed, 2, MidpointRounding.AwayFromZero) != Math.Round(stated, 2, MidpointRounding.AwayFromZero))
        {
            var inv = CultureInfo.InvariantCulture;
            issues.Add(EInvoiceIssue.Warn(rule, $"{computedLabel} = {computed.ToString(inv)} but {statedLabel} = {stated.ToString(inv)}"));
        }
    }
}
