using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>A payment or credit note applied to the invoice, as the invoice page lists it.</summary>
public sealed record InvoiceSettlement(DateOnly On, long AmountMinor, string Reference, string? Method, bool IsCreditNote);

/// <summary>
/// Everything the invoice page shows: the document, what settled it, what is still open, the terms and their
/// legal cap, the mandatory mentions it lacks and what the law lets the creditor claim on it today.
/// </summary>
public sealed record InvoiceSheet(
    Invoice Invoice,
    Customer Customer,
    IReadOnlyList<InvoiceSettlement> Settlements,
    IReadOnlyList<OpenItem> OpenItems,
    long OpenMinor,
    InvoiceStatus Status,
    string Terms,
    IReadOnlyList<LegalNote> TermsWarnings,
    MentionsReport Mentions,
    IReadOnlyList<Dispute> Disputes,
    IReadOnlyList<ClaimLine> ClaimLines,
    LegalNote? ClaimProblem)
{
    /// <summary>Limitation period of the unpaid invoice (null when paid or a credit note).</summary>
    public PrescriptionStatus? Prescription { get; init; }

    public bool Disputed => Disputes.Any(d => d.IsActive);

    public decimal Interest => ClaimLines.Sum(l => l.Interest);

    public decimal Indemnity => ClaimLines.Sum(l => l.Indemnity);

    public static async Task<InvoiceSheet?> LoadAsync(EncaisseDb db, Tenant tenant, Guid invoiceId, DateOnly today, CancellationToken ct)
    {
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Instalments).SingleOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == invoice.CustomerId, ct);
        // An invoice's legal case (for the claim below) holds every document of the customer, their allocations and the
        // customer's payments: the settlements are read from it, not again (ADR 1570). A credit note has no claim.
        var legalCase = invoice.Kind == DocumentKind.Invoice ? await LegalLedger.LoadAsync(db, tenant, customer, openOnly: false, rates: null, ct) : null;
        var allocations = legalCase is not null
            ? legalCase.Allocations.Where(a => a.InvoiceId == invoiceId || a.CreditNoteId == invoiceId).ToList()
            : await db.Allocations.AsNoTracking().Where(a => a.InvoiceId == invoiceId || a.CreditNoteId == invoiceId).ToListAsync(ct);
        var paymentIds = allocations.Where(a => a.PaymentId != null).Select(a => a.PaymentId!.Value).ToHashSet();
        var payments = legalCase is null ? [] : legalCase.Payments.Where(p => paymentIds.Contains(p.Id)).ToDictionary(p => p.Id);
        var otherPayments = paymentIds.Where(id => !payments.ContainsKey(id)).ToList();
        if (otherPayments.Count > 0)
        {
            foreach (var payment in await db.Payments.AsNoTracking().Where(p => otherPayments.Contains(p.Id)).ToListAsync(ct))
            {
                payments[payment.Id] = payment;
            }
        }

        var otherIds = allocations.Select(a => a.CreditNoteId == invoiceId ? a.InvoiceId : a.CreditNoteId).OfType<Guid>().ToHashSet();
        var numbers = legalCase is null ? [] : legalCase.Invoices.Where(i => otherIds.Contains(i.Id)).ToDictionary(i => i.Id, i => i.Number);
        var otherDocuments = otherIds.Where(id => !numbers.ContainsKey(id)).ToList();
        if (otherDocuments.Count > 0)
        {
            foreach (var other in await db.Invoices.AsNoTracking().Where(i => otherDocuments.Contains(i.Id)).Select(i => new { i.Id, i.Number }).ToListAsync(ct))
            {
                numbers[other.Id] = other.Number;
            }
        }
        var settlements = allocations.OrderBy(a => a.AllocatedOn).Select(a => a switch
        {
            { PaymentId: { } p } when payments.TryGetValue(p, out var payment) =>
                new InvoiceSettlement(a.AllocatedOn, a.AmountMinor, payment.Reference, payment.Method.ToString(), false),
            { CreditNoteId: { } cn } when cn != invoiceId => new InvoiceSettlement(a.AllocatedOn, a.AmountMinor, numbers.GetValueOrDefault(cn, "?"), null, true),
            _ => new InvoiceSettlement(a.AllocatedOn, a.AmountMinor, numbers.GetValueOrDefault(a.InvoiceId, "?"), null, false),
        }).ToList();

        var used = allocations.Where(a => a.AllocatedOn <= today).Sum(a => a.AmountMinor);
        var openItems = Balances.OpenItemsOf(invoice, used, today).ToList();
        var terms = customer.PaymentTerms ?? tenant.DefaultPaymentTerms;
        var termsWarnings = invoice.Kind == DocumentKind.Invoice
            ? PaymentTermsRules.CheckInvoice(invoice).Concat(PaymentTermsRules.CheckCustomer(customer, tenant)).Distinct().ToList()
            : [];
        var mentions = InvoiceMentions.Check(await EInvoicing.EInvoiceFacts.ForInvoiceAsync(db, invoice.Id, customer.Kind == CustomerKind.Business, ct)
            ?? InvoiceMentions.FactsFrom(tenant, customer, invoice));
        // A dispute's invoices are all of its customer: the legal case has read them (ADR 1571); a credit note still asks.
        var disputes = legalCase is not null
            ? legalCase.Disputes.Where(d => d.Invoices.Any(i => i.InvoiceId == invoiceId)).OrderByDescending(d => d.OpenedOn).ToList()
            : await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices)
                .Where(d => d.Invoices.Any(i => i.InvoiceId == invoiceId)).OrderByDescending(d => d.OpenedOn).ToListAsync(ct);

        IReadOnlyList<ClaimLine> lines = [];
        LegalNote? problem = null;
        if (legalCase is not null)
        {
            try
            {
                lines = legalCase.Claim(today, new ClaimOptions { IncludeSettledLate = true })
                    .Lines.Where(l => l.Invoice.InvoiceId == invoiceId).ToList();
            }
            catch (MissingRateException e)
            {
                problem = LegalNote.Of(LegalNote.MissingRates, ("half", e.HalfYear));
            }
            catch (PenaltyInputException e)
            {
                problem = e.Note ?? LegalNote.Of(LegalNote.ClaimRefused, ("detail", e.Error));
            }
        }

        PrescriptionStatus? prescription = null;
        if (invoice.Kind == DocumentKind.Invoice && invoice.GrossMinor > used)
        {
            var acknowledged = await db.Set<TimelineEvent>().AsNoTracking()
                .Where(e => e.CustomerId == customer.Id && e.Kind == PrescriptionReport.AcknowledgmentEvent && (e.InvoiceId == null || e.InvoiceId == invoiceId))
                .Select(e => e.At).ToListAsync(ct);
            prescription = PrescriptionRules.ForInvoice(customer, invoice, allocations,
                acknowledged.Select(at => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone)).DateTime)), today);
        }

        return new InvoiceSheet(invoice, customer, settlements, openItems, Math.Max(0, invoice.GrossMinor - used),
            Balances.StatusOf(invoice, used, today), terms, termsWarnings, mentions, disputes, lines, problem)
        { Prescription = prescription };
    }
}
