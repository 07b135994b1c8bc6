using Encaisse.Formats.EInvoice;

namespace Encaisse.EInvoicing;

/// <summary>The JSON of <c>encaisse einvoice parse --json</c> (and of the API's parse answer).</summary>
public static class EInvoiceJson
{
    public static object Of(EInvoiceFile file)
    {
        var d = file.Result.Document;
        return new
        {
            file = file.Name,
            container = file.Container,
            attachment = file.Attachment,
            refused = file.Result.Refused,
            syntax = d?.Syntax,
            profile = d?.Profile,
            guideline = d?.Guideline,
            businessProcess = d?.BusinessProcess,
            number = d?.Number,
            typeCode = d?.TypeCode,
            creditNote = d?.IsCreditNote,
            issueDate = d?.IssueDate,
            dueDate = d?.DueDate,
            seller = d?.Seller,
            buyer = d?.Buyer,
            buyerReference = d?.BuyerReference,
            orderReference = d?.OrderReference,
            currency = d?.Currency,
            totals = d?.Totals,
            taxes = d?.Taxes,
            lineCount = d?.Lines.Count,
            paymentTerms = d?.PaymentTerms,
            paymentMeans = d?.PaymentMeans,
            paymentReference = d?.PaymentReference,
            precedingInvoice = d?.PrecedingInvoice,
            notes = d?.Notes,
            errors = file.Result.Issues.Where(i => i.Severity == EInvoiceIssue.Error),
            warnings = file.Result.Warnings,
        };
    }
}
