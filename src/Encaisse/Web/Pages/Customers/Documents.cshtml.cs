using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Legal;
using Encaisse.Legal.Cli;
using Encaisse.Legal.Documents;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Actions;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Customers;

/// <summary>
/// The customer's PDFs (statement on demand, stored escalation documents, dunning letters kept as evidence) and the
/// "send a statement" and "escalate" actions. The forms live on the customer page (CustomerDocuments view component).
/// </summary>
public sealed class DocumentsModel(EncaisseDb db, RequestTenant tenant, DunningChannels channels, TimeProvider clock) : QueuePageModel(clock)
{
    public const string NoticeKey = "DocNotice";
    public const string ProblemKey = "DocProblem";

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public IActionResult OnGet() => Redirect($"/customers/{Id}#docs-h");

    /// <summary>The statement (relevé de compte) as of today, rendered now.</summary>
    public async Task<IActionResult> OnGetStatementAsync(CancellationToken ct)
    {
        var reference = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).FirstOrDefaultAsync(ct);
        if (reference is null)
        {
            return NotFound();
        }

        var today = Acting(tenant.Required).Today;
        var pdf = await CustomerStatement.RenderAsync(db, tenant.Required, reference, today, ct);
        return File(pdf!, "application/pdf", CustomerDocuments.StatementFileName(reference, today));
    }

    public async Task<IActionResult> OnGetFileAsync(Guid documentId, CancellationToken ct)
    {
        var document = await db.Set<CustomerDocument>().AsNoTracking().Where(d => d.Id == documentId && d.CustomerId == Id)
            .Select(d => new { d.Content, d.FileName }).FirstOrDefaultAsync(ct);
        return document is null ? NotFound() : File(document.Content, "application/pdf", document.FileName);
    }

    /// <summary>A dunning letter exactly as it was stored before being sent (evidence).</summary>
    public async Task<IActionResult> OnGetLetterAsync(Guid actionId, CancellationToken ct)
    {
        var action = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Id == actionId && a.CustomerId == Id && a.Document != null)
            .Select(a => new { a.Document, a.PlannedOn, a.StepKey }).FirstOrDefaultAsync(ct);
        return action is null ? NotFound() : File(action.Document!, "application/pdf", $"relance-{action.PlannedOn:yyyy-MM-dd}-{action.StepKey.Replace(':', '-')}.pdf");
    }

    public async Task<IActionResult> OnPostSendStatementAsync(CancellationToken ct)
    {
        var result = await CustomerDocuments.SendStatementAsync(db, tenant.Required, channels, Clock, Acting(tenant.Required), Id, ct);
        return Done(new DocumentResult(result.IsOk ? result.Value : null, result.IsOk ? null : Explain(result.Error!)), "doc.statementSent");
    }

    public async Task<IActionResult> OnPostEscalateAsync(EscalationKind kind, string? agencyName, string? agencyAddress, bool pause, CancellationToken ct)
    {
        CollectionAgency? agency = null;
        if (kind == EscalationKind.AgencyLetter)
        {
            if (string.IsNullOrWhiteSpace(agencyName) || string.IsNullOrWhiteSpace(agencyAddress))
            {
                return Done(new DocumentResult(null, "doc.agencyNeeded"), "");
            }

            agency = new CollectionAgency(agencyName.Trim(), DocumentCommands.ParseAddress(agencyAddress));
        }

        return await EscalateAsync(new EscalationRequest(kind, "", Login) { Agency = agency, PauseDunning = pause }, ct);
    }

    public async Task<IActionResult> OnPostProofOfClaimAsync(DateOnly? publicationDate, string? mandataire, CancellationToken ct)
    {
        var facts = publicationDate is { } published
            ? new ProofOfClaimFacts(DateOnly.MinValue, published, string.IsNullOrWhiteSpace(mandataire) ? null : mandataire.Trim(), [])
            : null;
        return await EscalateAsync(new EscalationRequest(EscalationKind.ProofOfClaim, "", Login) { Proof = facts }, ct);
    }

    /// <summary>The claim file to the credit insurer (the same operation as <c>encaisse insurance claim</c>): stored, on the timeline; its refusal shown.</summary>
    public async Task<IActionResult> OnPostInsuranceClaimAsync(CancellationToken ct)
    {
        var customerRef = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).SingleOrDefaultAsync(ct);
        if (customerRef is null)
        {
            return NotFound();
        }

        var at = Acting(tenant.Required);
        var result = await Risk.Insurance.InsuranceOperations.ClaimAsync(db, tenant.Required, customerRef, at.Actor, Clock, at.Today, ct);
        var ui = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>();
        return Done(new DocumentResult(result.IsOk ? result.Value.DocumentId : null, result.IsOk ? null : ui.Problem(result.Error!)), "doc.claimFiled");
    }

    /// <summary>The escalation operation (the same as the CLI and the API): the document kept, the timeline written; its refusal shown.</summary>
    private async Task<IActionResult> EscalateAsync(EscalationRequest request, CancellationToken ct)
    {
        var customerRef = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).SingleOrDefaultAsync(ct);
        if (customerRef is null)
        {
            return NotFound();
        }

        var result = await Escalations.PrepareAsync(db, tenant.Required, Clock, request with { CustomerRef = customerRef }, ct);
        var ui = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>();
        return Done(new DocumentResult(result.IsOk ? result.Value.DocumentId : null, result.IsOk ? null : ui.Problem(result.Error!)), "doc.escalated");
    }

    private IActionResult Done(DocumentResult result, string notice)
    {
        TempData[result.Error is null ? NoticeKey : ProblemKey] = result.Error ?? notice;
        return Redirect($"/customers/{Id}#docs-h");
    }
}
