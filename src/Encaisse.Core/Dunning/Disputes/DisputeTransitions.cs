namespace Encaisse.Dunning.Disputes;

/// <summary>
/// The life of a dispute: open → in review → resolved with a credit note | rejected. Open may also go straight
/// to an outcome, and in review may go back to open (more information asked). Outcomes are final.
/// </summary>
public static class DisputeTransitions
{
    public static bool IsAllowed(DisputeStatus from, DisputeStatus to) => (from, to) switch
    {
        (DisputeStatus.Open, DisputeStatus.InReview) => true,
        (DisputeStatus.Open, DisputeStatus.ResolvedWithCreditNote) => true,
        (DisputeStatus.Open, DisputeStatus.Rejected) => true,
        (DisputeStatus.InReview, DisputeStatus.Open) => true,
        (DisputeStatus.InReview, DisputeStatus.ResolvedWithCreditNote) => true,
        (DisputeStatus.InReview, DisputeStatus.Rejected) => true,
        _ => false,
    };

    public static IReadOnlyList<DisputeStatus> Next(DisputeStatus from) =>
        Enum.GetValues<DisputeStatus>().Where(to => IsAllowed(from, to)).ToList();
}
