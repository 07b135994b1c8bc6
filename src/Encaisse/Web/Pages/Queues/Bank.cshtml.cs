using Encaisse.Payments;
using Encaisse.Storage;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>
/// Bank credits the matcher did not apply by itself: its proposal with the reasons, to accept, reject or split by
/// hand (/queues/bank/{id}). The "unmatched" view lists unidentified receipts, to allocate by hand.
/// </summary>
public sealed class BankModel(EncaisseDb db, TimeProvider clock) : QueuePageModel(clock)
{
    /// <summary>A credit to review; <see cref="FlaggedDifferenceMinor"/>: its statement's balances do not add up by this much (ADR 0502).</summary>
    public sealed record Row(BankTransaction Transaction, StoredProposal? Proposal, Guid? CustomerId, string? CustomerName, long? FlaggedDifferenceMinor = null);

    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    public bool Unmatched => Show == "unmatched";
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var status = Unmatched ? BankTransactionStatus.Unmatched : BankTransactionStatus.Review;
        var page = await db.Set<BankTransaction>().AsNoTracking()
            .Where(t => t.Status == status && t.AmountMinor > 0)
            .OrderByDescending(t => t.BookingDate).ThenBy(t => t.Id)
            .Skip(Skip).Take(PageSize + 1).ToListAsync(ct);
        var kept = Paged(page);
        var proposals = kept.ToDictionary(t => t.Id, t => StoredProposal.Parse(t.Proposal));
        var refs = proposals.Values.Where(p => p?.Customer is not null).Select(p => p!.Customer!).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => refs.Contains(c.ExternalRef))
            .Select(c => new { c.Id, c.ExternalRef, c.LegalName }).ToDictionaryAsync(c => c.ExternalRef, ct);
        var statementIds = kept.Select(t => t.BankStatementId).Distinct().ToList();
        var flagged = await db.Set<BankStatement>().AsNoTracking().Where(s => statementIds.Contains(s.Id) && s.IsFlagged)
            .Select(s => new { s.Id, s.BalanceDifferenceMinor }).ToDictionaryAsync(s => s.Id, s => s.BalanceDifferenceMinor ?? 0, ct);
        Rows = kept.Select(t =>
        {
            var p = proposals[t.Id];
            var c = p?.Customer is { } r && customers.TryGetValue(r, out var found) ? found : null;
            return new Row(t, p, c?.Id, c?.LegalName, flagged.TryGetValue(t.BankStatementId, out var difference) ? difference : null);
        }).ToList();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct)
    {
        var result = await MatchReview.AcceptAsync(db, id, Login, Clock, ct);
        return result.IsOk ? Back("queue.matchApplied") : Back(null, Explain(result.Error!));
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct)
    {
        var result = await MatchReview.RejectAsync(db, id, Login, reason, Clock.GetUtcNow(), ct);
        return result.IsOk ? Back("queue.matchRejected") : Back(null, Explain(result.Error!));
    }

    protected override object RouteValues => new { p = PageNumber, show = Show };

    public override string PagerQuery => Unmatched ? "&show=unmatched" : "";
}
