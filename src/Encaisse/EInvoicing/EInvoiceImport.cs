using System.Security.Cryptography;
using Encaisse.Formats;
using Encaisse.Formats.EInvoice;
using Encaisse.Formats.Storage;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>What happened to one file of an e-invoice import.</summary>
public sealed record EInvoiceImportItem(
    string File,
    string Outcome,
    string? Number,
    string? Kind,
    string? CustomerRef,
    bool CustomerCreated,
    decimal? AmountDue,
    string? Currency,
    IReadOnlyList<EInvoiceIssue> Issues,
    IReadOnlyList<string> MissingMentions,
    IReadOnlyList<string> NotVerifiableMentions);

/// <summary>The report of <c>encaisse import einvoice</c>: one item per file.</summary>
public sealed record EInvoiceImportReport(int Files, int Imported, int Unchanged, int Refused, IReadOnlyList<EInvoiceImportItem> Items)
{
    public const string OutcomeImported = "imported";
    public const string OutcomeUnchanged = "unchanged";
    public const string OutcomeRefused = "refused";
}

/// <summary>
/// Imports e-invoices issued by the tenant (copies from its platform, or files at hand) into the ledger through
/// the one import path (staging tables, <see cref="LedgerWriter"/>): each becomes an invoice or credit note, its
/// buyer a customer (an existing customer with the same SIREN, else a new one keyed by the SIREN), and the original
/// file is kept (<see cref="EInvoice"/>; a Factur-X PDF also becomes the invoice's PDF). Idempotent on
/// (seller, number): the same file again is "unchanged"; another file with the same seller and number is refused,
/// because an issued invoice is never modified.
/// </summary>
public static class EInvoiceImport
{
    public const string Source = "einvoice";

    public static async Task<EInvoiceImportReport> RunAsync(DatabaseFactory database, Tenant tenant, IReadOnlyList<(string Name, byte[] Bytes)> files,
        string by, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(files);
        var now = clock.GetUtcNow();
        var items = new List<EInvoiceImportItem>();
        var accepted = new List<Accepted>();
        await using (var db = database.Create(tenant.Id))
        {
            var seen = new Dictionary<(string, string), string>();
            foreach (var (name, bytes) in files)
            {
                var file = EInvoiceFiles.Read(name, bytes);
                var d = file.Result.Document;
                if (file.Result.Refused || d is null)
                {
                    items.Add(Item(name, EInvoiceImportReport.OutcomeRefused, d, null, false, file.Result.Issues));
                    continue;
                }

                var issues = file.Result.Issues.ToList();
                if (tenant.Siren is { Length: 9 } own && d.Seller.Siren is { } seller && seller != own)
                {
                    issues.Add(EInvoiceIssue.Refuse("seller", $"issued by SIREN {seller}, not by this company ({own}): only the company's own invoices are receivables"));
                    items.Add(Item(name, EInvoiceImportReport.OutcomeRefused, d, null, false, issues));
                    continue;
                }

                if (!Currencies.IsKnown(d.Currency))
                {
                    issues.Add(EInvoiceIssue.Refuse("currency", $"currency {d.Currency} is not known"));
                    items.Add(Item(name, EInvoiceImportReport.OutcomeRefused, d, null, false, issues));
                    continue;
                }

                var sellerKey = SellerKey(d);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                var existing = await db.Set<EInvoice>().AsNoTracking().Where(e => e.SellerKey == sellerKey && e.Number == d.Number)
                    .Select(e => new { e.Sha256 }).FirstOrDefaultAsync(ct);
                var earlier = existing?.Sha256 ?? seen.GetValueOrDefault((sellerKey, d.Number!));
                seen.TryAdd((sellerKey, d.Number!), sha);
                if (earlier is not null)
                {
                    if (earlier == sha)
                    {
                        items.Add(Item(name, EInvoiceImportReport.OutcomeUnchanged, d, null, false, issues));
                    }
                    else
                    {
                        issues.Add(EInvoiceIssue.Refuse("duplicate", $"invoice {d.Number} of this seller was imported already from another file; an issued invoice is never modified (issue a credit note)"));
                        items.Add(Item(name, EInvoiceImportReport.OutcomeRefused, d, null, false, issues));
                    }

                    continue;
                }

                // The ledger numbers invoices per company: one number, one invoice, whoever the seller says it is.
                if (accepted.Any(a => a.Document.Number == d.Number)
                    || await db.Set<EInvoice>().AsNoTracking().AnyAsync(e => e.Number == d.Number && e.SellerKey != sellerKey, ct))
                {
                    issues.Add(EInvoiceIssue.Refuse("number-taken", $"the ledger already has an invoice {d.Number} from another e-invoice; invoice numbers are unique"));
                    items.Add(Item(name, EInvoiceImportReport.OutcomeRefused, d, null, false, issues));
                    continue;
                }

                var (customerRef, created) = await CustomerRefAsync(db, d, accepted, ct);
                if (d.DueDate is null)
                {
                    issues.Add(EInvoiceIssue.Warn("due-date", "no due date in the invoice: the issue date is used as due date"));
                }

                accepted.Add(new Accepted(name, bytes, file, d, sellerKey, sha, customerRef, created, issues));
            }
        }

        if (accepted.Count > 0)
        {
            await WriteLedgerAsync(database, tenant, accepted, now, ct);
            await KeepOriginalsAsync(database, tenant, accepted, by, now, ct);
        }

        foreach (var a in accepted)
        {
            var mentions = a.Document.IsCreditNote ? null : InvoiceMentions.Check(EInvoiceMentions.FactsFrom(a.Document));
            items.Add(Item(a.Name, EInvoiceImportReport.OutcomeImported, a.Document, a.CustomerRef, a.CustomerCreated, a.Issues,
                mentions?.Missing.Select(m => m.Code).ToList() ?? [], mentions?.NotVerifiable.Select(m => m.Code).ToList() ?? []));
        }

        var ordered = items.OrderBy(i => files.ToList().FindIndex(f => f.Name == i.File)).ToList();
        return new EInvoiceImportReport(files.Count, ordered.Count(i => i.Outcome == EInvoiceImportReport.OutcomeImported),
            ordered.Count(i => i.Outcome == EInvoiceImportReport.OutcomeUnchanged), ordered.Count(i => i.Outcome == EInvoiceImportReport.OutcomeRefused), ordered);
    }

    /// <summary>The seller's SIREN, else VAT number, else name.</summary>
    public static string SellerKey(EInvoiceDocument d) =>
        d.Seller.Siren ?? d.Seller.VatNumber?.Replace(" ", "", StringComparison.Ordinal) ?? d.Seller.Name ?? "?";

    private sealed record Accepted(string Name, byte[] Bytes, EInvoiceFile File, EInvoiceDocument Document, string SellerKey, string Sha256,
        string CustomerRef, bool CustomerCreated, List<EInvoiceIssue> Issues);

    private static EInvoiceImportItem Item(string name, string outcome, EInvoiceDocument? d, string? customerRef, bool created,
        IReadOnlyList<EInvoiceIssue> issues, IReadOnlyList<string>? missing = null, IReadOnlyList<string>? notVerifiable = null) =>
        new(name, outcome, d?.Number, d is null ? null : d.IsCreditNote || d.AmountDue < 0 ? "creditNote" : "invoice", customerRef, created,
            d?.AmountDue, d?.Currency, issues, missing ?? [], notVerifiable ?? []);

    /// <summary>The buyer as a customer: the one with its SIREN (or SIRET), else a new one keyed "SIREN" (or VAT / name).</summary>
    private static async Task<(string Ref, bool Created)> CustomerRefAsync(EncaisseDb db, EInvoiceDocument d, List<Accepted> before, CancellationToken ct)
    {
        var siren = d.Buyer.Siren;
        if (siren is not null)
        {
            var found = await db.Customers.AsNoTracking()
                .Where(c => c.Siren == siren || (c.Siret != null && c.Siret.StartsWith(siren)))
                .OrderBy(c => c.ExternalRef).Select(c => c.ExternalRef).FirstOrDefaultAsync(ct);
            if (found is not null)
            {
                return (found, false);
            }
        }

        var key = siren ?? d.Buyer.VatNumber?.Replace(" ", "", StringComparison.Ordinal) ?? "EINV-" + (d.Buyer.Name ?? "buyer").ToUpperInvariant();
        var exists = await db.Customers.AsNoTracking().AnyAsync(c => c.ExternalRef == key, ct);
        return (key, !exists && before.All(b => b.CustomerRef != key));
    }

    private static async Task WriteLedgerAsync(DatabaseFactory database, Tenant tenant, List<Accepted> accepted, DateTimeOffset now, CancellationToken ct)
    {
        var issues = new ImportIssues();
        await using var staging = await Staging.BeginAsync(database, tenant.Id, now, ct);
        var writer = new LedgerWriter(staging, issues, skipInvalid: false);
        var customers = accepted.Where(a => a.CustomerCreated).GroupBy(a => a.CustomerRef).Select(g => Customer(g.First()));
        await LedgerWriter.StageCustomersAsync(staging, customers, ct);
        await LedgerWriter.StageInvoicesAsync(staging, accepted.Select((a, i) => Invoice(a, i + 1)), new Dictionary<string, ParsedCustomer>(StringComparer.Ordinal), [], null, ct);
        if (issues.Count > 0)
        {
            throw new InvalidOperationException("staging e-invoices failed: " + string.Join("; ", issues.Items.Select(i => i.Reason)));
        }

        await writer.ApplyCustomersAsync(ct);
        await writer.ApplyInvoicesAsync(Source, ct);
        await staging.CommitAsync(ct);
    }

    private static ParsedCustomer Customer(Accepted a)
    {
        var b = a.Document.Buyer;
        return new ParsedCustomer(0, a.CustomerRef, b.Name ?? a.CustomerRef, CustomerKind.Business, b.Siren, b.Siret, b.VatNumber,
            b.Address?.Line1, b.Address?.Line2, b.Address?.PostCode, b.Address?.City, b.Address?.Country);
    }

    private static ParsedInvoice Invoice(Accepted a, int line)
    {
        var d = a.Document;
        var currency = d.Currency!;
        var due = d.AmountDue!.Value;
        var credit = d.IsCreditNote || due < 0;
        var gross = Currencies.ToMinor(Math.Abs(due), currency);
        var tax = Currencies.ToMinor(Math.Abs(d.Totals.TaxTotal ?? 0), currency);
        var net = d.Totals.TaxBasisTotal is { } basis && (d.Totals.Prepaid ?? 0) == 0 ? Currencies.ToMinor(Math.Abs(basis), currency) : gross - tax;
        return new ParsedInvoice(line, d.Number!, a.CustomerRef, credit ? DocumentKind.CreditNote : DocumentKind.Invoice, d.IssueDate!.Value,
            d.DueDate ?? d.IssueDate!.Value, currency, net, tax, gross, d.OrderReference, [], null);
    }

    private static async Task KeepOriginalsAsync(DatabaseFactory database, Tenant tenant, List<Accepted> accepted, string by, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = database.Create(tenant.Id);
        var numbers = accepted.Select(a => a.Document.Number!).ToList();
        var invoices = await db.Invoices.AsNoTracking().Where(i => numbers.Contains(i.Number))
            .Select(i => new { i.Id, i.Number, i.CustomerId }).ToDictionaryAsync(i => i.Number, ct);
        var withPdf = await db.Set<InvoiceDocument>().AsNoTracking().Where(x => invoices.Values.Select(v => v.Id).Contains(x.InvoiceId))
            .Select(x => x.InvoiceId).ToListAsync(ct);
        foreach (var a in accepted)
        {
            var invoice = invoices[a.Document.Number!];
            db.Add(new EInvoice
            {
                TenantId = tenant.Id,
                InvoiceId = invoice.Id,
                SellerKey = a.SellerKey,
                Number = a.Document.Number!,
                Syntax = a.Document.Syntax.ToString(),
                Profile = a.Document.Profile.Length > 100 ? a.Document.Profile[..100] : a.Document.Profile,
                OperationCategory = EInvoiceMentions.OperationCategory(a.Document.BusinessProcess),
                FileName = Path.GetFileName(a.Name) is { Length: <= 200 } n ? n : a.Name[^200..],
                ContentType = a.File.Container == "pdf" ? "application/pdf" : "application/xml",
                Content = a.Bytes,
                Xml = a.File.Xml ?? [],
                Sha256 = a.Sha256,
                ImportedBy = by.Length > 100 ? by[..100] : by,
                ImportedAt = now,
            });
            if (a.File.Container == "pdf" && !withPdf.Contains(invoice.Id) && InvoicePdfRules.Problem(a.Bytes) is null)
            {
                db.Add(new InvoiceDocument
                {
                    TenantId = tenant.Id,
                    InvoiceId = invoice.Id,
                    FileName = Ledger.Documents.InvoicePdfs.SafeName(a.Name, a.Document.Number!),
                    Content = a.Bytes,
                    SizeBytes = a.Bytes.Length,
                    Sha256 = a.Sha256,
                    UploadedAt = now,
                    UploadedBy = "einvoice",
                });
            }

            db.Add(TimelineText.Entry(tenant.Id, invoice.CustomerId, now, "einvoice.imported", by,
                TimelineText.Of("einvoice.imported", ("number", a.Document.Number), ("profile", a.Document.Profile),
                    ("amount", Money.Of(Math.Abs(a.Document.AmountDue!.Value), a.Document.Currency!))),
                invoice.Id));
        }

        await db.SaveChangesAsync(ct);
    }
}
