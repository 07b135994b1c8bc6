using Encaisse.Dunning;

namespace Encaisse.Legal;

/// <summary>
/// Which days of a closed dispute carry no interest (ADR 0410). An open or in-review dispute is not handled here:
/// its invoices are left out of claims altogether. Pure.
/// </summary>
public static class DisputeInterest
{
    /// <summary>Invoice id → paused days, from the closed disputes on <paramref name="asOf"/> under <paramref name="policy"/>.</summary>
    public static IReadOnlyDictionary<Guid, IReadOnlyList<InterestPause>> Pauses(IEnumerable<Dispute> disputes, DisputeInterestPolicy policy, DateOnly asOf)
    {
        var result = new Dictionary<Guid, List<InterestPause>>();
        foreach (var dispute in disputes)
        {
            if (PauseOf(dispute, policy, asOf) is not { } pause)
            {
                continue;
            }

            foreach (var invoice in dispute.Invoices)
            {
                if (!result.TryGetValue(invoice.InvoiceId, out var list))
                {
                    result[invoice.InvoiceId] = list = [];
                }

                list.Add(pause);
            }
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<InterestPause>)kv.Value);
    }

    /// <summary>The paused days of one dispute, or null when interest runs through it.</summary>
    public static InterestPause? PauseOf(Dispute dispute, DisputeInterestPolicy policy, DateOnly asOf)
    {
        if (dispute.IsActive || dispute.OpenedOn > asOf)
        {
            return null;
        }

        var closed = dispute.ClosedOn is { } c && c < asOf ? c : asOf;
        return dispute.Status switch
        {
            DisputeStatus.ResolvedWithCreditNote => new InterestPause(dispute.OpenedOn, closed, InterestPause.CreditNote),
            DisputeStatus.Rejected when policy == DisputeInterestPolicy.Pause => new InterestPause(dispute.OpenedOn, closed, InterestPause.RejectedDispute),
            _ => null,
        };
    }
}
