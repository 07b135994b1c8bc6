using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>One bank credit allocated by hand over a customer's open invoices (amounts per invoice; the rest stays as credit).</summary>
public sealed class BankSplitModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : QueuePageModel(clock)
{
    public sealed record LineInput(string Number, string? Amount);

    public sealed record OpenInvoice(string Number, DateOnly DueDate, long OpenMinor, string Currency, long ProposedMinor);

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Customer { get; set; }
    public BankTransaction Transaction { get; private set; } = null!;
    public StoredProposal? Proposal { get; private set; }
    public Customer? Found { get; private set; }
    public IReadOnlyList<OpenInvoice> Invoices { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(List<LineInput>? lines, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var parsed = new List<AllocationLine>();
        foreach (var line in lines ?? [])
        {
            if (string.IsNullOrWhiteSpace(line.Amount))
            {
                continue;
            }

            if (ParseAmount(line.Amount, Transaction.Currency) is not { } minor)
            {
                Error = "act.invalid";
                return Page();
            }

            parsed.Add(new AllocationLine(line.Number, minor));
        }

        if (Found is null || parsed.Count == 0)
        {
            Error = "queue.splitEmpty";
            return Page();
        }

        var result = await MatchReview.AllocateAsync(db, Id, Found.ExternalRef, parsed, Login, ["allocated by hand by " + Login], Clock, ct);
        if (!result.IsOk)
        {
            Error = Explain(result.Error!);
            return Page();
        }

        Notice = "queue.matchApplied";
        return RedirectToPage("/Queues/Bank");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var tx = await db.Set<BankTransaction>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == Id, ct);
        if (tx is null)
        {
            return false;
        }

        Transaction = tx;
        Proposal = StoredProposal.Parse(tx.Proposal);
        var reference = string.IsNullOrWhiteSpace(Customer) ? Proposal?.Customer : Customer.Trim();
        Found = reference is null ? null : await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalRef == reference, ct);
        Customer = reference;
        if (Found is not null)
        {
            var today = BusinessCalendar.Today(Clock, tenant.Required.TimeZone);
            var proposed = Proposal?.Customer == Found.ExternalRef ? Proposal.Invoices.ToDictionary(i => i.Number, i => i.AmountMinor) : [];
            Invoices = (await CustomerPositions.LoadOpenAsync(db, Found.Id, today, ct)).OpenItems
                .Where(i => i.Kind == DocumentKind.Invoice && i.Currency == tx.Currency)
                .GroupBy(i => i.Number)
                .Select(g => new OpenInvoice(g.Key, g.Min(i => i.DueDate), g.Sum(i => i.OpenMinor), tx.Currency, proposed.GetValueOrDefault(g.Key)))
                .OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).Take(200).ToList();
        }

        return true;
    }

    /// <summary>An amount typed in French (1 234,56) or English (1234.56), in minor units.</summary>
    public static long? ParseAmount(string text, string currency)
    {
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal)
            .Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 ? Currencies.ToMinor(value, currency) : null;
    }

    /// <summary>Minor units as the amount field shows them (1234,56 in French, 1234.56 in English; no grouping so that it reads back).</summary>
    public static string Field(long minor, string currency, bool french) =>
        Currencies.FromMinor(minor, currency).ToString("0." + new string('0', Currencies.MinorDigits(currency)), CultureInfo.InvariantCulture) is var s && french ? s.Replace('.', ',') : s;
}
