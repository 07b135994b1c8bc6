using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Portal.Storage;
using Microsoft.EntityFrameworkCore;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Customers;

public sealed class DetailModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [TempData] public string? Notice { get; set; }
    [TempData] public string? PortalUrl { get; set; }
    public CustomerFile Sheet { get; private set; } = null!;
    public Tenant Tenant => tenant.Required;
    public DateOnly Today => BusinessCalendar.Today(clock, Tenant.TimeZone);
    public bool CanAct => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager)) || User.IsInRole(nameof(UserRole.Collector));
    public string? Error { get; private set; }
    public IReadOnlyList<(Guid Id, Guid? DisputeId, string FileName)> Attachments { get; private set; } = [];

    /// <summary>What the risk cards (onboarding and risk, insurance) share, read once for the page (ADR 1570).</summary>
    public Risk.CustomerRiskInputs RiskInputs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The page reads about thirty small things: one connection for all of them, instead of taking it from the pool and
        // resetting it around each query (ADR 1570). Closed with the request's context.
        await db.Database.OpenConnectionAsync(ct);
        var file = await CustomerFile.LoadAsync(db, Id, Today, ct);
        if (file is null)
        {
            return NotFound();
        }

        Sheet = file;
        RiskInputs = file.WithHistory(await Risk.CustomerRiskInputs.LoadAsync(db, Id, ct));
        // Ordered here: SQLite cannot order by a DateTimeOffset (a customer has a handful of notes).
        Notes = (await db.Set<Dunning.Tasks.CustomerNote>().AsNoTracking().Where(n => n.CustomerId == Id)
                .Select(n => new { n.Id, n.Text, n.Author, n.At }).ToListAsync(ct))
            .OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Take(20).Select(n => (n.Text, n.Author, n.At)).ToList();
        // Attachments are shown under their dispute: none to read when the page lists no dispute.
        Attachments = file.Disputes.Count == 0 ? [] : (await db.Set<PortalAttachment>().AsNoTracking().Where(a => a.CustomerId == Id)
                .Select(a => new { a.Id, a.DisputeId, a.FileName }).ToListAsync(ct))
            .Select(a => (a.Id, a.DisputeId, a.FileName)).ToList();
        AuditEntries = await Audit.AuditTrail.ListAsync(db, Id, null, null, 100, ct);
        return Page();
    }

    /// <summary>A file the customer attached to a dispute, always downloaded (never rendered inline).</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(Guid attachmentId, CancellationToken ct)
    {
        var attachment = await db.Set<PortalAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.CustomerId == Id, ct);
        return attachment is null ? NotFound() : File(attachment.Content, "application/octet-stream", attachment.FileName);
    }

    public Task<IActionResult> OnPostCallAsync(string outcome, string? note, DateOnly? followUp, CancellationToken ct) =>
        // The outcome is posted as a code and stored in French, like every timeline summary (one language in the data).
        Act(CollectionActions.CallOutcomes.Contains(outcome), () => CollectionActions.LogCallAsync(db, Context(), Id, outcome, note, followUp, ct), ct);

    public Task<IActionResult> OnPostPromiseAsync(string amount, DateOnly? date, string? note, CancellationToken ct)
    {
        var parsed = ParseAmount(amount);
        return Act(parsed > 0 && date is not null,
            () => CollectionActions.RecordPromiseAsync(db, Context(), Id, parsed!.Value, Tenant.Currency, date!.Value, "phone", note, ct), ct);
    }

    public Task<IActionResult> OnPostDisputeAsync(Guid invoiceId, DisputeReason reason, string? description, CancellationToken ct) =>
        Act(invoiceId != Guid.Empty, () => CollectionActions.OpenDisputeAsync(db, Context(), Id, [invoiceId], reason, description, "collector", ct), ct);

    /// <summary>
    /// Edits terms, collector, credit limit and contacts through the ledger's own operation (the API's PUT): the form is
    /// translated into a <see cref="CustomerWrite"/> carrying the fields it does not show as they are; the operation's
    /// refusal (French payment terms it cannot read, a bad e-mail…) is shown in the reader's language.
    /// </summary>
    public async Task<IActionResult> OnPostEditAsync(string? paymentTerms, string? collector,
        [FromForm] List<ContactInput>? contacts, CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }

        var customer = await db.Customers.AsNoTracking().Include(x => x.Contacts).SingleOrDefaultAsync(x => x.Id == Id, ct);
        if (customer is null)
        {
            return NotFound();
        }

        var typed = (contacts ?? []).Where(x => !string.IsNullOrWhiteSpace(x.Name) || !string.IsNullOrWhiteSpace(x.Email) || !string.IsNullOrWhiteSpace(x.Phone))
            .Select(x => new ContactDto(x.Name?.Trim(), Blank(x.Role), Blank(x.Email), Blank(x.Phone), x.IsPrimary)).ToList();
        var write = new CustomerWrite(customer.ExternalRef, null, customer.Kind, Language: customer.Language,
            Collector: Blank(collector), CreditLimit: null, PaymentTerms: Blank(paymentTerms), PaysByDirectDebit: customer.PaysByDirectDebit, Contacts: typed);
        var result = await new LedgerOperations(db, Tenant, clock).UpdateCustomerAsync(customer.ExternalRef, write, ct);
        if (result.Error is { } error)
        {
            Refusal = error;
            return await OnGetAsync(ct);
        }

        Notice = "act.done";
        return RedirectToPage(new { Id });
    }

    /// <summary>A free note on the customer's file, through the collections' note operation (timeline entry included).</summary>
    public Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken ct) =>
        Act(!string.IsNullOrWhiteSpace(text) && text.Length <= Dunning.Tasks.NoteOperations.MaxLength,
            () => CollectionActions.AddNoteAsync(db, Context(), Id, text!, ct), ct);

    /// <summary>One row of the contacts form (empty rows are dropped).</summary>
    public sealed class ContactInput
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public bool IsPrimary { get; set; }
    }

    /// <summary>Why an operation (the ledger's edit, a collections act) refused, shown in the reader's language.</summary>
    public Operations.OperationError? Refusal { get; private set; }

    public IReadOnlyList<(string Text, string Author, DateTimeOffset At)> Notes { get; private set; } = [];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public Task<IActionResult> OnPostHoldAsync(string reason, DateOnly? until, CancellationToken ct) =>
        Act(!string.IsNullOrWhiteSpace(reason), () => CollectionActions.PauseDunningAsync(db, Context(), Id, null, reason, until, ct), ct);

    public bool CanSetLimit => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager));

    /// <summary>The customer's history in the audit trail (who changed what, before and after), newest first.</summary>
    public IReadOnlyList<Audit.AuditEntry> AuditEntries { get; private set; } = [];

    /// <summary>Sets the credit limit typed in the identity card (empty removes it): administrators and credit managers.</summary>
    public async Task<IActionResult> OnPostCreditLimitAsync(string? limit, CancellationToken ct)
    {
        if (!CanSetLimit)
        {
            return Forbid();
        }

        if (!await CustomerOfTenantAsync(ct))
        {
            return NotFound();
        }

        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(limit))
        {
            var cleaned = limit.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal)
                .Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
            value = decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            if (value is null)
            {
                Error = "act.invalid";
                return await OnGetAsync(ct);
            }
        }

        var result = await new LedgerOperations(db, Tenant, clock).SetCreditLimitAsync(Id, value, ct);
        if (result.Error?.Code == "risk.creditRefused")
        {
            // Ceased or in a procedure: said in the onboarding card, whose grant form takes the reason of an override (ADR 1830).
            TempData[OnboardingModel.ProblemKey] = result.Error.Message(HttpContext.RequestServices.GetRequiredService<Ui>().Lang);
            return Redirect($"/customers/{Id}#onb-h");
        }

        if (!result.IsOk)
        {
            Error = "act.invalid";
            return await OnGetAsync(ct);
        }

        Notice = "act.done";
        return RedirectToPage(new { Id });
    }

    public bool IsAdministrator => User.IsInRole(nameof(UserRole.Administrator));

    /// <summary>Everything held about the person, as a JSON file (administrators: GDPR access requests).</summary>
    public async Task<IActionResult> OnGetPersonalDataAsync(CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var customerRef = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).SingleOrDefaultAsync(ct);
        if (customerRef is null)
        {
            return NotFound();
        }

        var data = await Privacy.PersonalData.ExportAsync(db, customerRef, clock.GetUtcNow(), ct);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(data.Value, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        });
        return File(json, "application/octet-stream", "donnees-personnelles-" + string.Concat(customerRef.Where(char.IsLetterOrDigit)) + ".json");
    }

    /// <summary>Pseudonymises the person (administrators); refused while invoices are open unless forced.</summary>
    public async Task<IActionResult> OnPostEraseAsync(bool force, CancellationToken ct)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var customerRef = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).SingleOrDefaultAsync(ct);
        if (customerRef is null)
        {
            return NotFound();
        }

        var erased = await Privacy.PersonalData.EraseAsync(db, customerRef, force, clock.GetUtcNow(), ct);
        Notice = erased.IsOk ? "gdpr.erased" : erased.Error!.Code == "gdpr.openInvoices" ? "gdpr.refusedOpen" : "gdpr.refusedBusiness";
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostPortalLinkAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }

        if (!await CustomerOfTenantAsync(ct))
        {
            return NotFound();
        }

        var url = await PortalLinks.CreateAsync(db, Id, clock.GetUtcNow(), 30, UserClaims.LoginOf(User) ?? "user", ct);
        PortalUrl = $"{Request.Scheme}://{Request.Host}{url}";
        return RedirectToPage(new { Id });
    }

    /// <summary>Ends every live portal link of the customer (a link sent to the wrong address, a customer who left).</summary>
    public async Task<IActionResult> OnPostPortalRevokeAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }

        if (!await CustomerOfTenantAsync(ct))
        {
            return NotFound();
        }

        await PortalLinks.RevokeAllAsync(db, Id, clock.GetUtcNow(), ct);
        Notice = "act.done";
        return RedirectToPage(new { Id });
    }

    /// <summary>
    /// Whether <see cref="Id"/> is a customer of the signed-in user's tenant (the scoped database sees no other). Every handler asks first:
    /// an id of another tenant answers 404 and writes nothing.
    /// </summary>
    private Task<bool> CustomerOfTenantAsync(CancellationToken ct) => db.Customers.AnyAsync(c => c.Id == Id, ct);

    private Acting Context() => new(UserClaims.LoginOf(User) ?? "user", clock.GetUtcNow(), Today);

    /// <summary>
    /// Runs a collections act: the form's own checks (<paramref name="valid"/>) first, then the operation, whose refusal is
    /// shown in the reader's language (<see cref="Refusal"/>).
    /// </summary>
    private async Task<IActionResult> Act(bool valid, Func<Task<Operations.Result<Guid>>> action, CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }

        if (!await CustomerOfTenantAsync(ct))
        {
            return NotFound();
        }

        if (!valid)
        {
            Error = "act.invalid";
            return await OnGetAsync(ct);
        }

        var result = await action();
        if (result.Error is { } error)
        {
            Refusal = error;
            return await OnGetAsync(ct);
        }

        Notice = "act.done";
        return RedirectToPage(new { Id });
    }

    /// <summary>Reads an amount typed in French (1 234,56) or English (1234.56) into minor units.</summary>
    public long? ParseAmount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? Currencies.ToMinor(value, Tenant.Currency)
            : null;
    }

    public static string StatusBadge(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Overdue => "bad",
        InvoiceStatus.PartiallyPaid => "warn",
        InvoiceStatus.Paid => "ok",
        _ => "info",
    };
}
