using System.Security.Cryptography;
using Encaisse.Documents;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>An issued Factur-X: the PDF/A-3 with its XML, and whether this call produced it (false: issued before, the
/// stored file is returned as it is).</summary>
public sealed record IssuedFacturX(string Number, string FileName, byte[] Pdf, byte[] Xml, bool Created, bool StoredAsInvoicePdf);

/// <summary>
/// Issues the Factur-X (EN 16931) of an invoice created with its lines: seller from the company settings, buyer from
/// the customer, notes of the French mentions (penalty rate of the legal policy, €40 indemnity), XML checked against the
/// Factur-X EN16931 XSD before the PDF is made. The file is kept like an imported e-invoice (it then gets lifecycle
/// statuses and its real mentions are checked) and becomes the invoice's PDF unless one was uploaded already. Issued
/// once: an issued invoice is never modified, so asking again returns the stored file.
/// </summary>
public static class FacturXIssue
{
    /// <param name="mayIssue">False for a reader who may not write (the read-only role): the stored file is returned,
    /// but an invoice not issued yet is refused (<c>facturx.notIssuedYet</c>) instead of being issued by a read.</param>
    public static async Task<Result<IssuedFacturX>> IssueAsync(EncaisseDb db, Tenant tenant, string number, string by, TimeProvider clock, CancellationToken ct,
        bool mayIssue = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(clock);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Number == number, ct);
        if (invoice is null)
        {
            return OperationError.NotFound("invoice.notFound", ("invoice", number));
        }

        var lines = await db.Set<InvoiceLineItem>().AsNoTracking().Where(l => l.InvoiceId == invoice.Id).OrderBy(l => l.LineNumber).ToListAsync(ct);
        if (lines.Count == 0)
        {
            return OperationError.Conflict("facturx.noLines", ("invoice", number));
        }

        var fileName = FileName(invoice);
        var issued = await db.Set<EInvoice>().AsNoTracking().FirstOrDefaultAsync(e => e.InvoiceId == invoice.Id, ct);
        if (issued is not null)
        {
            var isPdf = await db.Set<InvoiceDocument>().AsNoTracking().AnyAsync(d => d.InvoiceId == invoice.Id && d.Sha256 == issued.Sha256, ct);
            return Result.Ok(new IssuedFacturX(number, issued.FileName, issued.Content, issued.Xml, false, isPdf));
        }

        if (!mayIssue)
        {
            return OperationError.Conflict("facturx.notIssuedYet", ("invoice", number));
        }

        var seller = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.Id, ct);
        if (FacturXInvoice.MissingSellerFields(seller) is { Count: > 0 } missingSeller)
        {
            return OperationError.Conflict("facturx.sellerIncomplete", ("fields", missingSeller));
        }

        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Id == invoice.CustomerId, ct);
        if (FacturXInvoice.MissingBuyerFields(customer, lines) is { Count: > 0 } missingBuyer)
        {
            return OperationError.Conflict("facturx.buyerIncomplete", ("customer", customer.ExternalRef), ("fields", missingBuyer));
        }

        var policy = await LegalLedger.PolicyAsync(db, seller, customer.Id, ct);
        var model = FacturXInvoice.From(seller, customer, invoice, lines, policy.ContractualRate);
        if (model.NetMinor != invoice.NetMinor || model.TaxMinor != invoice.TaxMinor || model.GrossMinor != invoice.GrossMinor)
        {
            return OperationError.Failed("facturx.totalsDiffer", ("invoice", number));
        }

        var xml = FacturXWriter.Write(model);
        // Our own reader and the profile's XSD judge the file before anyone receives it.
        var check = EInvoiceReader.Read(xml);
        if (check.Refused || check.Issues.Count > 0)
        {
            return OperationError.Failed("facturx.invalid", ("invoice", number), ("issues", check.Issues.Select(i => i.Message).ToList()));
        }

        var now = clock.GetUtcNow();
        var pdf = FacturXPdf.Render(model, xml, customer.Language, now);
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        db.Add(new EInvoice
        {
            TenantId = tenant.Id,
            InvoiceId = invoice.Id,
            SellerKey = seller.Siren!,
            Number = invoice.Number,
            Syntax = EInvoiceSyntax.Cii.ToString(),
            Profile = EInvoiceProfiles.En16931,
            FileName = fileName,
            ContentType = "application/pdf",
            Content = pdf,
            Xml = xml,
            Sha256 = sha,
            ImportedBy = Trim(by),
            ImportedAt = now,
        });
        var hasPdf = await db.Set<InvoiceDocument>().AsNoTracking().AnyAsync(d => d.InvoiceId == invoice.Id, ct);
        if (!hasPdf)
        {
            db.Add(new InvoiceDocument
            {
                TenantId = tenant.Id,
                InvoiceId = invoice.Id,
                FileName = fileName,
                Content = pdf,
                SizeBytes = pdf.Length,
                Sha256 = sha,
                UploadedAt = now,
                UploadedBy = "facturx",
            });
        }

        db.Add(TimelineText.Entry(tenant.Id, customer.Id, now, "einvoice.issued", Trim(by),
            TimelineText.Of("einvoice.issued", ("number", invoice.Number), ("amount", new Money(invoice.GrossMinor, invoice.Currency))), invoice.Id));
        await db.SaveChangesAsync(ct);
        return Result.Ok(new IssuedFacturX(number, fileName, pdf, xml, true, !hasPdf));
    }

    /// <summary>factur-x_F2026-0042.pdf (characters outside letters, digits, - and _ replaced).</summary>
    public static string FileName(Invoice invoice) =>
        Ledger.Documents.InvoicePdfs.SafeName("factur-x_" + invoice.Number + ".pdf", invoice.Number);

    private static string Trim(string by) => by.Length > 100 ? by[..100] : by;
}
