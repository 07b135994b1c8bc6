using Encaisse.Web.Portal;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Portal;
using Encaisse.Portal.Storage;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Portal;

/// <summary>The customer's own page, reached through a token link: statement, how to pay, and what to tell us.</summary>
[RequestSizeLimit(MaxAttachmentBytes + 1_000_000)]
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, PortalVisit visit, TimeProvider clock, Ui ui) : PageModel
{
    public const int MaxAttachmentBytes = PortalActivity.MaxAttachmentBytes;

    [TempData] public string? Notice { get; set; }
    public Customer Customer { get; private set; } = null!;
    public Tenant Creditor => tenant.Required;
    public IReadOnlyList<OpenItem> Items { get; private set; } = [];
    /// <summary>Payments received and not yet applied (deducted from the total, as on every document).</summary>
    public IReadOnlyList<CustomerCredit> UnappliedPayments { get; private set; } = [];
    public long TotalDueMinor { get; private set; }
    public string? TotalReference { get; private set; }
    public string? QrSvg { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Why the shared collections operation refused the customer's act, shown in the reader's language.</summary>
    public OperationError? Refusal { get; private set; }
    /// <summary>Invoices sold under notified factoring: paid to the factor, never to the seller (not in <see cref="TotalDueMinor"/>).</summary>
    public IReadOnlyDictionary<Guid, Encaisse.Risk.Factoring.FactorPayee> Factored { get; private set; } = new Dictionary<Guid, Encaisse.Risk.Factoring.FactorPayee>();
    /// <summary>What to pay to each factor, with the invoice numbers to quote.</summary>
    public IReadOnlyList<(Encaisse.Risk.Factoring.FactorPayee Factor, long AmountMinor, IReadOnlyList<string> Invoices)> FactorPayments { get; private set; } = [];
    public DateOnly Today => BusinessCalendar.Today(clock, Creditor.TimeZone);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Invalid();
        }

        (await PortalActivity.RecordVisitAsync(db, Acting(), Customer.Id, visit.PreviousUse, ct)).OrThrow();
        return Page();
    }

    public async Task<IActionResult> OnPostDisputeAsync(Guid invoiceId, DisputeReason reason, string? description, IFormFile? attachment, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Invalid();
        }

        PortalUpload? upload = null;
        if (attachment is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await attachment.CopyToAsync(buffer, ct);
            upload = new PortalUpload(attachment.FileName, buffer.ToArray());
        }

        // Only an invoice this page shows (open, owed to the seller or a factor) may be disputed here.
        var opened = Items.Any(i => i.DocumentId == invoiceId)
            ? await PortalActivity.OpenDisputeAsync(db, Acting(), Customer.Id, invoiceId, reason, description, upload, ct)
            : OperationError.Invalid("portal.invalid");
        if (!opened.IsOk)
        {
            // The portal's own refusal (an invoice not shown, a file refused) reads as "invalid input"; a collections rule as its sentence.
            if (opened.Error!.Code == "portal.invalid")
            {
                Error = "act.invalid";
            }
            else
            {
                Refusal = opened.Error;
            }

            return Page();
        }

        Notice = "portal.thanks.dispute";
        return RedirectToPage(new { token = visit.Token });
    }

    public async Task<IActionResult> OnPostPromiseAsync(DateOnly? date, string? amount, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Invalid();
        }

        var minor = string.IsNullOrWhiteSpace(amount) ? TotalDueMinor : ParseAmount(amount);
        if (date is not { } promised || promised < Today || promised > Today.AddDays(366) || minor is not > 0)
        {
            Error = "act.invalid";
            return Page();
        }

        var recorded = await CollectionActions.RecordPromiseAsync(db, Acting(), Customer.Id, minor.Value, Creditor.Currency, promised, "portal", null, ct);
        if (!recorded.IsOk)
        {
            // The rule that refused, in the customer's language (a promise above what is owed...).
            Refusal = recorded.Error;
            return Page();
        }

        Notice = "portal.thanks.promise";
        return RedirectToPage(new { token = visit.Token });
    }

    public async Task<IActionResult> OnPostMessageAsync(string? message, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Invalid();
        }

        if (string.IsNullOrWhiteSpace(message) || message.Length > 2000)
        {
            Error = "act.invalid";
            return Page();
        }

        (await CollectionActions.ReceiveCustomerMessageAsync(db, Acting(), Customer.Id, message, ct)).OrThrow();
        Notice = "portal.thanks.message";
        return RedirectToPage(new { token = visit.Token });
    }

    private Acting Acting() => new("portal", clock.GetUtcNow(), Today);

    private IActionResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Content(ui.T("portal.invalid"), "text/plain; charset=utf-8");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (visit.Link is not { } link)
        {
            return false;
        }

        Customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == link.CustomerId, ct);
        if (string.IsNullOrEmpty(Request.Query["lang"]) && !Request.Cookies.ContainsKey(Ui.CookieName))
        {
            ui.Lang = Customer.Language == "en" ? "en" : "fr";
        }

        // The ledger's one position: open invoices, minus open credit notes and unapplied payments.
        var position = await CustomerPositions.LoadOpenAsync(db, Customer.Id, Today, ct);
        Items = position.OpenItems;
        UnappliedPayments = position.Credits.Where(c => c.Kind == CreditKind.UnappliedPayment).ToList();
        Factored = await Encaisse.Risk.Factoring.FactoringOperations.NotifiedPayeesAsync(db, Customer.Id, ct);
        var factoredItems = Items.Where(i => Factored.ContainsKey(i.DocumentId) && i.Currency == Creditor.Currency).ToList();
        FactorPayments = factoredItems.GroupBy(i => Factored[i.DocumentId].FactorId)
            .Select(g => (Factored[g.First().DocumentId], g.Sum(i => i.OpenMinor), (IReadOnlyList<string>)g.Select(i => i.Number).Distinct().ToList())).ToList();
        // What the customer owes the seller: the position's balance without what is owed to a factor.
        TotalDueMinor = Encaisse.Risk.Factoring.FactoringOperations.OwedToSeller(position, Factored, Creditor.Currency);
        TotalReference = CreditorReference.From(Customer.ExternalRef);
        if (TotalDueMinor > 0 && Creditor.Iban is not null && Creditor.Currency == "EUR")
        {
            var payload = EpcQrPayload.Build(Creditor.Name, Creditor.Iban, Creditor.Bic, TotalDueMinor, "EUR", TotalReference);
            QrSvg = QrCode.Encode(payload).ToSvg(ui.T("portal.qrHint"));
        }

        ViewData["Creditor"] = Creditor.Name;
        return true;
    }

    private long? ParseAmount(string text)
    {
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(cleaned, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? Currencies.ToMinor(value, Creditor.Currency)
            : null;
    }
}
