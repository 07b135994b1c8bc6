using Encaisse.Ledger;
using Encaisse.Legal.Rates;

namespace Encaisse.Legal;

/// <summary>Why an amount is asked of a customer: each purpose has its own rules of what may be claimed.</summary>
public enum ClaimPurpose
{
    /// <summary>A courtesy message before the due date: what will fall due, nothing called unpaid.</summary>
    PreDueCourtesy = 0,
    /// <summary>An amicable reminder (e-mail, letter, SMS, call) after the due date.</summary>
    Reminder = 1,
    /// <summary>Mise en demeure.</summary>
    FormalNotice = 2,
    /// <summary>Hand-off to a collection agency (its letter to the debtor).</summary>
    AgencyHandOff = 3,
    /// <summary>Requête en injonction de payer.</summary>
    PaymentOrder = 4,
    /// <summary>Déclaration de créance in a collective procedure.</summary>
    ProofOfClaim = 5,
    /// <summary>Déclaration de sinistre to a credit insurer.</summary>
    InsurerClaim = 6,
}

/// <summary>Why an open item is claimed or only listed for information (catalogue <c>claim.reason.{value}</c>).</summary>
public enum ClaimReason
{
    /// <summary>Claimed: due and unpaid.</summary>
    Due = 0,
    /// <summary>Claimed before its due date: a courtesy reminder, or a claim to fall due (à échoir) in a collective procedure.</summary>
    FallsDue = 1,
    /// <summary>Listed: not yet due on the date.</summary>
    NotYetDue = 2,
    /// <summary>Listed (or, in a proof of claim, declared as disputed): an open dispute contests it.</summary>
    Disputed = 3,
    /// <summary>Listed: the limitation period has run out; it can no longer be enforced.</summary>
    TimeBarred = 4,
    /// <summary>Listed: a collective procedure forbids individual recovery actions; only a proof of claim may state it.</summary>
    CollectiveProcedure = 5,
    /// <summary>Listed: sold to a factor, who collects it.</summary>
    Factored = 6,
}

/// <summary>One open item and what the claim does with it.</summary>
public sealed record ClaimItem(OpenItem Item, bool Claimed, ClaimReason Reason);

/// <summary>A credit the customer holds (open credit note, unapplied cash) and the part deducted from this claim.</summary>
public sealed record DeductedCredit(CustomerCredit Credit, long DeductedMinor);

/// <summary>
/// What a claim asks and why. <see cref="NetPrincipalMinor"/> is what is owed on the claimed items after the customer's
/// credits; <see cref="Legal"/> carries the interest and the indemnities when the purpose claims them (null otherwise,
/// and for a customer who owes nothing net). <see cref="BlockedBy"/> says why nothing may be claimed at all.
/// </summary>
public sealed record ClaimDecision(
    ClaimPurpose Purpose,
    DateOnly AsOf,
    string Currency,
    IReadOnlyList<ClaimItem> Items,
    IReadOnlyList<DeductedCredit> Credits,
    LegalClaim? Legal,
    ClaimReason? BlockedBy)
{
    public IEnumerable<ClaimItem> Claimed => Items.Where(i => i.Claimed);

    public IEnumerable<ClaimItem> Listed => Items.Where(i => !i.Claimed);

    /// <summary>Open amount of the claimed items, before credits.</summary>
    public long ClaimedGrossMinor => Claimed.Sum(i => i.Item.OpenMinor);

    public long CreditsMinor => Credits.Sum(c => c.DeductedMinor);

    /// <summary>What is owed on the claimed items after the credits (never negative).</summary>
    public long NetPrincipalMinor => Math.Max(0, ClaimedGrossMinor - CreditsMinor);

    public long InterestMinor => Legal is null ? 0 : Currencies.ToMinor(Legal.Interest, Currency);

    public long IndemnityMinor => Legal is null ? 0 : Currencies.ToMinor(Legal.Indemnity, Currency);

    /// <summary>Net principal, interest and indemnities: the amount a document asks for.</summary>
    public long TotalMinor => NetPrincipalMinor + InterestMinor + IndemnityMinor;

    /// <summary>Something is owed and may be asked.</summary>
    public bool HasClaim => BlockedBy is null && NetPrincipalMinor > 0;

    /// <summary>Half-years whose reference rates are not published yet and were taken from the latest known (said on the document).</summary>
    public IReadOnlyList<HalfYear> ProvisionalRates { get; init; } = [];

    /// <summary>The latest half-year whose rates stand in for <see cref="ProvisionalRates"/>.</summary>
    public HalfYear? ProvisionalLatest { get; init; }
}

/// <summary>The facts a claim is decided from: the customer's position and what changes the rules.</summary>
public sealed record ClaimFacts
{
    public required Customer Customer { get; init; }
    /// <summary>The customer's position on the claim date (<see cref="CustomerPosition.Compute"/>, with every document when interest is claimed).</summary>
    public required CustomerPosition Position { get; init; }
    public required RateTable Rates { get; init; }
    public IReadOnlySet<Guid> DisputedInvoices { get; init; } = new HashSet<Guid>();
    /// <summary>Acknowledgments of the debt (promises to pay...) that restart the limitation period.</summary>
    public IReadOnlyList<DateOnly> Acknowledgments { get; init; } = [];
    public PenaltyTerms Terms { get; init; } = PenaltyTerms.Default;
    /// <summary>Invoice id → days without interest (closed disputes, ADR 0410).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<InterestPause>>? InterestPauses { get; init; }
    /// <summary>Consumers: the day the formal notice was received (legal interest runs from the next day).</summary>
    public DateOnly? NoticeDate { get; init; }
    public decimal JustifiedRecoveryCosts { get; init; }
    /// <summary>The claim's currency; default the currency with the largest open amount.</summary>
    public string? Currency { get; init; }
    /// <summary>Opening of a collective procedure; default the customer's recorded one.</summary>
    public DateOnly? ProcedureOpenedOn { get; init; }
}

/// <summary>
/// The one rule of what may be claimed from a customer, shared by every reminder, letter, formal notice, agency letter,
/// payment-order file, proof of claim, insurer claim, statement and portal total (docs/legal.md, "What is claimed").
/// Pure. For a purpose and a date it says which open items are claimed and which are only listed, and why:
/// <list type="bullet">
/// <item>factored invoices are the factor's: listed, never claimed;</item>
/// <item>an open collective procedure forbids every individual action (L622-21 C. com.): nothing is claimed, except by
/// the proof of claim, which declares everything owed on the opening date — overdue, to fall due, and disputed claims
/// marked as disputed — with interest stopped on that date;</item>
/// <item>a disputed invoice is listed (declared as disputed in a proof of claim); a time-barred one is listed;</item>
/// <item>an invoice not yet due is listed, except by a courtesy reminder, whose subject it is;</item>
/// <item>the customer's open credit notes and unapplied payments, oldest first, are deducted from the claimed items (the
/// oldest due first) and listed; interest runs on what is really owed, each credit counting from its own date.</item>
/// </list>
/// </summary>
public static class ClaimRule
{
    public static ClaimDecision Decide(ClaimPurpose purpose, ClaimFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var position = facts.Position;
        var customer = facts.Customer;
        var currency = facts.Currency ?? MainCurrency(position);
        var documents = position.Documents.ToDictionary(d => d.Id);
        var procedure = (facts.ProcedureOpenedOn ?? customer.InsolvencyOpenedOn) is { } opened && opened <= asOf ? opened : (DateOnly?)null;
        var proof = purpose == ClaimPurpose.ProofOfClaim;
        var debtor = customer.Kind == CustomerKind.Consumer ? DebtorKind.Consumer : DebtorKind.Business;
        var items = new List<ClaimItem>();
        foreach (var item in position.OpenItems.Where(i => i.Kind == DocumentKind.Invoice && i.OpenMinor > 0 && i.Currency == currency)
                     .OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ThenBy(i => i.InstalmentSequence))
        {
            var invoice = documents.GetValueOrDefault(item.DocumentId);
            var due = item.DueDate < asOf;
            ClaimReason reason;
            if (invoice?.IsFactored == true)
            {
                reason = ClaimReason.Factored;
            }
            else if (procedure is not null && !proof)
            {
                reason = ClaimReason.CollectiveProcedure;
            }
            else if (invoice is not null && !proof && TimeBarred(customer, invoice, position, facts.Acknowledgments, asOf))
            {
                reason = ClaimReason.TimeBarred;
            }
            else if (facts.DisputedInvoices.Contains(item.DocumentId))
            {
                reason = ClaimReason.Disputed;
            }
            else if (!due)
            {
                reason = proof || purpose == ClaimPurpose.PreDueCourtesy ? ClaimReason.FallsDue : ClaimReason.NotYetDue;
            }
            else
            {
                reason = ClaimReason.Due;
            }

            var claimed = reason is ClaimReason.Due or ClaimReason.FallsDue || (proof && reason == ClaimReason.Disputed);
            items.Add(new ClaimItem(item, claimed, reason));
        }

        ClaimReason? blocked = procedure is not null && !proof && purpose != ClaimPurpose.InsurerClaim ? ClaimReason.CollectiveProcedure : null;
        if (blocked is not null || (!proof && procedure is not null))
        {
            items = items.Select(i => i with { Claimed = false, Reason = i.Reason == ClaimReason.Factored ? i.Reason : ClaimReason.CollectiveProcedure }).ToList();
        }

        // Credits, oldest first, against the claimed items, oldest due first.
        var credits = new List<DeductedCredit>();
        var deducted = new List<Settlement>();
        var claimedItems = items.Where(i => i.Claimed).Select(i => (i.Item, Left: i.Item.OpenMinor)).ToList();
        foreach (var credit in position.Credits.Where(c => c.Currency == currency && c.AvailableMinor > 0))
        {
            var left = credit.AvailableMinor;
            for (var k = 0; k < claimedItems.Count && left > 0; k++)
            {
                var take = Math.Min(left, claimedItems[k].Left);
                if (take <= 0)
                {
                    continue;
                }

                claimedItems[k] = (claimedItems[k].Item, claimedItems[k].Left - take);
                left -= take;
                deducted.Add(new Settlement(claimedItems[k].Item.DocumentId, credit.Date, take));
            }

            if (left < credit.AvailableMinor)
            {
                credits.Add(new DeductedCredit(credit, credit.AvailableMinor - left));
            }
        }

        var decision = new ClaimDecision(purpose, asOf, currency, items, credits, null, blocked);
        if (!decision.HasClaim || purpose == ClaimPurpose.PreDueCourtesy)
        {
            return decision;
        }

        // Interest and indemnities on what is really owed: the ledger's allocations and the credits deducted, each on its date.
        var claimedIds = items.Where(i => i.Claimed).Select(i => i.Item.DocumentId).ToHashSet();
        var excluded = position.Documents.Where(d => !claimedIds.Contains(d.Id)).Select(d => d.Id).ToHashSet();
        var options = new ClaimOptions
        {
            Terms = facts.Terms,
            NoticeDate = facts.NoticeDate,
            InsolvencyOpenedOn = procedure,
            JustifiedRecoveryCosts = facts.JustifiedRecoveryCosts,
            InterestPauses = facts.InterestPauses,
        };
        var legal = LegalClaims.For(customer, position.Documents.Where(d => d.Currency == currency),
            position.Allocations.Select(Settlement.Of).Concat(deducted), proof && procedure is { } p ? Min(asOf, p) : asOf, facts.Rates, options, excluded);
        var provisional = legal.Lines.SelectMany(l => l.Penalty.Periods).SelectMany(x => new[] { HalfYear.Of(x.From), HalfYear.Of(x.To) })
            .Distinct().Where(facts.Rates.IsProvisional).Order().ToList();
        return decision with { Legal = legal, ProvisionalRates = provisional, ProvisionalLatest = provisional.Count > 0 ? facts.Rates.Latest?.HalfYear : null };
    }

    /// <summary>The currency of the largest open amount (the tenant's when nothing is open).</summary>
    public static string MainCurrency(CustomerPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Balances.OrderByDescending(b => b.OpenInvoicesMinor).ThenBy(b => b.Currency, StringComparer.Ordinal)
            .Select(b => b.Currency).FirstOrDefault() ?? position.Documents.Select(d => d.Currency).FirstOrDefault() ?? "EUR";
    }

    private static bool TimeBarred(Customer customer, Invoice invoice, CustomerPosition position, IReadOnlyList<DateOnly> acknowledgments, DateOnly asOf) =>
        PrescriptionRules.ForInvoice(customer, invoice, position.Allocations, acknowledgments, asOf).State == PrescriptionState.Expired;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
