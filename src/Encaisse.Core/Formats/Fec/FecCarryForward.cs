using System.Globalization;

namespace Encaisse.Formats.Fec;

/// <summary>A payment or credit note of this fiscal year lettered against an opening balance (à-nouveau) of a customer.</summary>
public sealed record CarriedSettlement(string CustomerRef, string? PaymentReference, string? CreditNoteNumber, long AmountMinor, DateOnly On);

/// <summary>An invoice of an earlier fiscal year still open, as the ledger holds it.</summary>
public sealed record PriorOpenItem(string Number, string CustomerRef, long OpenMinor, DateOnly DueDate, DateOnly IssueDate);

/// <summary>
/// How the à-nouveaux of fiscal year N+1 meet the closing of year N, pure: an opening debit restates what a customer
/// still owed at the closing, i.e. the customer's open invoices of the earlier years; what this year's lettering paid
/// against it settles those invoices, oldest due date first, never more than they have open. What finds no open item
/// (the books and the ledger disagree) is reported, not invented.
/// </summary>
public static class FecCarryForward
{
    public static (IReadOnlyList<ParsedAllocation> Allocations, IReadOnlyDictionary<string, long> UnplacedByCustomer) Distribute(
        IEnumerable<CarriedSettlement> carried, IEnumerable<PriorOpenItem> priorOpen)
    {
        ArgumentNullException.ThrowIfNull(carried);
        ArgumentNullException.ThrowIfNull(priorOpen);
        var queues = priorOpen.Where(i => i.OpenMinor > 0)
            .GroupBy(i => i.CustomerRef, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<(string Number, long Left)>(
                g.OrderBy(i => i.DueDate).ThenBy(i => i.IssueDate).ThenBy(i => i.Number, StringComparer.Ordinal).Select(i => (i.Number, i.OpenMinor))),
                StringComparer.Ordinal);
        var allocations = new List<ParsedAllocation>();
        var unplaced = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in carried.OrderBy(c => c.On).ThenBy(c => c.PaymentReference ?? c.CreditNoteNumber, StringComparer.Ordinal))
        {
            var left = c.AmountMinor;
            if (queues.TryGetValue(c.CustomerRef, out var queue))
            {
                while (left > 0 && queue.Count > 0)
                {
                    var (number, open) = queue.Peek();
                    var amount = Math.Min(open, left);
                    allocations.Add(new ParsedAllocation(number, c.PaymentReference, c.CreditNoteNumber, amount, c.On));
                    left -= amount;
                    if (amount == open)
                    {
                        queue.Dequeue();
                    }
                    else
                    {
                        queue.Dequeue();
                        queue = new Queue<(string, long)>(new[] { (number, open - amount) }.Concat(queue));
                        queues[c.CustomerRef] = queue;
                    }
                }
            }

            if (left > 0)
            {
                unplaced[c.CustomerRef] = unplaced.GetValueOrDefault(c.CustomerRef) + left;
            }
        }

        return (allocations, unplaced);
    }

    /// <summary>The suffix that makes a piece number of fiscal year <paramref name="start"/> unique: "/2024" (or "/2023-09" when the year does not start in January).</summary>
    public static string YearSuffix(DateOnly start) =>
        "/" + (start.Month == 1 ? start.Year.ToString("0000", CultureInfo.InvariantCulture) : start.ToString("yyyy-MM", CultureInfo.InvariantCulture));
}
