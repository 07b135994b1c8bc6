using System.Security.Cryptography;
using Encaisse.Documents;
using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Legal.Documents;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;

namespace Encaisse.Legal;

/// <summary>The escalation documents: what a credit manager sends when amicable reminders have failed.</summary>
public enum EscalationKind
{
    FormalNotice = 0,
    AgencyLetter = 1,
    PaymentOrder = 2,
    ProofOfClaim = 3,
}

/// <summary>An escalation asked for a customer, by a person or a system (<see cref="Actor"/>).</summary>
public sealed record EscalationRequest(EscalationKind Kind, string CustomerRef, string Actor)
{
    /// <summary>Date of the claim; default today in the tenant's time zone.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>Days given to pay in a formal notice; default the customer's or tenant's policy.</summary>
    public int? NoticeDays { get; init; }
    public CollectionAgency? Agency { get; init; }
    /// <summary>Consumers: the day a formal notice was received (legal interest runs from the next day).</summary>
    public DateOnly? NoticeDate { get; init; }
    /// <summary>Proof of claim: the procedure's facts (opening, BODACC publication, mandataire).</summary>
    public ProofOfClaimFacts? Proof { get; init; }
    /// <summary>Pause the customer's dunning after the document (the case has left the amicable track).</summary>
    public bool PauseDunning { get; init; }
    /// <summary>Keep the document (evidence, customer page) and record it in the timeline; false for a preview.</summary>
    public bool Store { get; init; } = true;
}

/// <summary>A document produced by <see cref="Escalations.PrepareAsync"/>, with the claim it states.</summary>
public sealed record Escalation(
    EscalationKind Kind,
    ClaimDecision Claim,
    LetterDocument Letter,
    byte[] Pdf,
    string FileName,
    string Reference,
    Guid? DocumentId)
{
    /// <summary>The payment-order file's data (JSON), for <see cref="EscalationKind.PaymentOrder"/>.</summary>
    public PaymentOrderFile? PaymentOrder { get; init; }
    /// <summary>The declaration deadline, for <see cref="EscalationKind.ProofOfClaim"/>.</summary>
    public DateOnly? Deadline { get; init; }
}

/// <summary>
/// The one path of escalation documents — formal notice, collection-agency letter, payment-order file, proof of claim —
/// whichever surface asks (CLI, API, customer page): the claim from <see cref="ClaimRule"/> for the document's purpose,
/// refused with a coded reason when nothing may be claimed (nothing due, a collective procedure forbidding individual
/// action), the letter rendered, kept as a <see cref="CustomerDocument"/> with its hash, written to the timeline and,
/// on request, the customer's dunning paused.
/// </summary>
public static class Escalations
{
    public static async Task<Result<Escalation>> PrepareAsync(EncaisseDb db, Tenant tenant, TimeProvider clock, EscalationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var legal = await LegalLedger.LoadAsync(db, tenant, request.CustomerRef, ct);
        if (legal is null)
        {
            return OperationError.NotFound("legal.noCustomer", ("customer", request.CustomerRef));
        }

        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var date = request.AsOf ?? today;
        var customerRef = legal.Customer.ExternalRef;
        if (request.Kind == EscalationKind.ProofOfClaim)
        {
            return await ProofOfClaimAsync(db, legal, request, today, clock, ct);
        }

        if (request.Kind == EscalationKind.AgencyLetter && request.Agency is null)
        {
            return OperationError.InvalidField("agency", null, "legal.noAgency");
        }

        var noticeDays = request.NoticeDays ?? legal.Policy.NoticeDays;
        if (noticeDays is < 1 or > 90)
        {
            return OperationError.InvalidField("days", noticeDays.ToString(System.Globalization.CultureInfo.InvariantCulture), "legal.noticeDays");
        }

        var purpose = request.Kind switch
        {
            EscalationKind.FormalNotice => ClaimPurpose.FormalNotice,
            EscalationKind.AgencyLetter => ClaimPurpose.AgencyHandOff,
            _ => ClaimPurpose.PaymentOrder,
        };
        ClaimDecision decision;
        try
        {
            decision = legal.Decide(purpose, date, request.NoticeDate);
        }
        catch (PenaltyInputException e)
        {
            // The stored case cannot give a claim (a contractual rate below a half-year's floor, two currencies):
            // the calculator's coded refusal, as a failure of this request.
            return e.Error with { Kind = ErrorKind.Failed };
        }

        if (Refusal(decision, legal.Customer, date) is { } refusal)
        {
            return refusal;
        }

        PaymentOrderFile? file = null;
        var (letter, prefix, reference, kind) = request.Kind switch
        {
            EscalationKind.FormalNotice => (FormalNotice.Build(legal, decision, date, Reference("MED", customerRef, date), noticeDays), "mise-en-demeure",
                Reference("MED", customerRef, date), CustomerDocumentKind.FormalNotice),
            EscalationKind.AgencyLetter => (FormalNotice.BuildAgencyLetter(legal, decision, request.Agency!, date, Reference("REC", customerRef, date)), "recouvrement",
                Reference("REC", customerRef, date), CustomerDocumentKind.AgencyLetter),
            _ => BuildPaymentOrder(legal, decision, date, out file),
        };
        if (request.Kind == EscalationKind.FormalNotice)
        {
            // Invoices sold to a factor (confidential factoring: the seller still collects) carry the subrogation mention.
            var sold = await Risk.Factoring.SubrogationMentions.OfAsync(db, decision.Claimed.Select(i => i.Item.DocumentId), ct);
            letter = Risk.Factoring.SubrogationMentions.On(letter, Risk.Factoring.SubrogationMentions.Texts(sold, Localization.Catalogue.French));
        }

        return await KeepAsync(db, tenant, clock, request, legal, decision, letter, $"{prefix}-{FileSafe(customerRef)}-{date:yyyy-MM-dd}.pdf", reference, kind, ct,
            file, null);
    }

    /// <summary>Why nothing may be claimed, as a coded error; null when the decision claims something.</summary>
    public static OperationError? Refusal(ClaimDecision decision, Customer customer, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(customer);
        if (decision.BlockedBy == ClaimReason.CollectiveProcedure)
        {
            return OperationError.Conflict("claim.collectiveProcedure", ("customer", customer.ExternalRef), ("openedOn", customer.InsolvencyOpenedOn));
        }

        if (!decision.HasClaim || decision.Legal is null || decision.Legal.Lines.Count == 0)
        {
            var why = decision.Listed.Select(i => Word.Of(i.Reason)).Distinct().ToList();
            return OperationError.Conflict("claim.nothingDue", ("customer", customer.ExternalRef), ("date", date),
                ("why", why.Count == 0 ? null : why.Select(w => (object)w).ToList()));
        }

        return null;
    }

    private static (LetterDocument, string, string, CustomerDocumentKind) BuildPaymentOrder(LegalCase legal, ClaimDecision decision, DateOnly date, out PaymentOrderFile file)
    {
        file = PaymentOrderFile.Build(legal, decision, date);
        return (file.ToLetter(legal.Tenant), "injonction-de-payer", Reference("IP", legal.Customer.ExternalRef, date), CustomerDocumentKind.PaymentOrder);
    }

    private static async Task<Result<Escalation>> ProofOfClaimAsync(EncaisseDb db, LegalCase legal, EscalationRequest request, DateOnly today, TimeProvider clock,
        CancellationToken ct)
    {
        var facts = request.Proof;
        if (facts is null)
        {
            return OperationError.InvalidField("publicationDate", null, "legal.publicationRequired");
        }

        var opened = facts.OpenedOn != DateOnly.MinValue ? facts.OpenedOn : legal.Customer.InsolvencyOpenedOn;
        if (opened is null)
        {
            return OperationError.InvalidField("openedOn", null, "claim.noProcedure", ("customer", legal.Customer.ExternalRef));
        }

        if (facts.PublishedOn < opened.Value)
        {
            return OperationError.InvalidField("publicationDate", null, "legal.publicationBeforeOpening");
        }

        facts = facts with { OpenedOn = opened.Value };
        var (letter, deadline, _) = ProofOfClaimDocument.Build(legal, facts, today);
        var decision = legal.Decide(ClaimPurpose.ProofOfClaim, opened.Value, procedureOpenedOn: opened.Value);
        if (!decision.HasClaim)
        {
            return OperationError.Conflict("claim.nothingDue", ("customer", legal.Customer.ExternalRef), ("date", opened.Value), ("why", null));
        }

        var reference = Reference("DC", legal.Customer.ExternalRef, today);
        return await KeepAsync(db, legal.Tenant, clock, request, legal, decision, letter,
            $"declaration-creance-{FileSafe(legal.Customer.ExternalRef)}-{today:yyyy-MM-dd}.pdf", reference, CustomerDocumentKind.ProofOfClaim, ct, null, deadline);
    }

    private static async Task<Result<Escalation>> KeepAsync(EncaisseDb db, Tenant tenant, TimeProvider clock, EscalationRequest request, LegalCase legal,
        ClaimDecision decision, LetterDocument letter, string fileName, string reference, CustomerDocumentKind kind, CancellationToken ct,
        PaymentOrderFile? file, DateOnly? deadline)
    {
        var pdf = LetterPdf.Render(letter);
        Guid? documentId = null;
        if (request.Store)
        {
            var now = clock.GetUtcNow();
            var document = new CustomerDocument
            {
                TenantId = tenant.Id, CustomerId = legal.Customer.Id, Kind = kind, FileName = fileName, Content = pdf,
                ContentHash = Convert.ToHexStringLower(SHA256.HashData(pdf)), AsOf = decision.AsOf, CreatedBy = request.Actor, CreatedAt = now,
            };
            db.Add(document);
            documentId = document.Id;
            var total = new Money(decision.TotalMinor, decision.Currency);
            db.Add(TimelineText.Entry(tenant.Id, legal.Customer.Id, now, "customer.escalated", request.Actor,
                TimelineText.Of("legal.escalated", ("document", Word.Of(request.Kind)), ("amount", total), ("reference", reference)),
                data: new { documentId = document.Id, kind, sha256 = document.ContentHash, purpose = decision.Purpose }));
            await db.SaveChangesAsync(ct);
            if (request.PauseDunning)
            {
                var scope = new CollectionsScope(db, tenant, clock, request.Actor);
                try
                {
                    await DunningHoldOperations.CreateAsync(scope, new CreateHold(legal.Customer.ExternalRef, DunningHoldKind.Manual,
                        Catalogue.Text(Catalogue.French, "legal.pauseReason", ("document", Word.Of(request.Kind)), ("reference", reference))), ct);
                }
                catch (OperationFailedException)
                {
                    // Already paused in a way the hold rules refuse to repeat: the document stands.
                }
            }
        }

        return Result.Ok(new Escalation(request.Kind, decision, letter, pdf, fileName, reference, documentId) { PaymentOrder = file, Deadline = deadline });
    }

    public static string Reference(string prefix, string customerRef, DateOnly date) => $"{prefix}-{customerRef}-{date:yyyyMMdd}";

    private static string FileSafe(string text) => new(text.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());
}
