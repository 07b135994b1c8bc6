using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal.Cli;
using Encaisse.Legal.Documents;
using Encaisse.Legal.Rates;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal.Api;

/// <summary>Body of PUT /api/v1/legal/policy (and per customer).</summary>
public sealed record PolicyInput(decimal? ContractualRate, HalfYearRatePolicy Policy = HalfYearRatePolicy.Split,
    DayCountBasis Basis = DayCountBasis.Days365, bool BaseIncludesTax = true, int NoticeDays = 8,
    DisputeInterestPolicy DisputeInterest = DisputeInterestPolicy.Pause);

/// <summary>Body of POST /api/v1/legal/customers/{reference}/escalations.</summary>
public sealed record EscalationInput(EscalationKind Kind, string? AsOf = null, int? Days = null, string? AgencyName = null, string? AgencyAddress = null,
    string? NoticeDate = null, string? PublicationDate = null, string? OpenedOn = null, string? Mandataire = null, bool PauseDunning = false);

/// <summary>The Legal capability's endpoints under /api/v1.</summary>
public static class LegalApi
{
    public static void MapLegalApi(this RouteGroupBuilder api)
    {
        api.MapRatesApi();
        var legal = api.MapGroup("/legal");

        legal.MapGet("/customers/{reference}/claim", async (string reference, string? asOf, string? noticeDate, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            await WithCase(db, rt, clock, reference, asOf, ct, (c, date) =>
                Results.Ok(LegalViews.Claim(reference, c.Claim(date, new ClaimOptions { IncludeSettledLate = true, NoticeDate = Notice(noticeDate) })))));

        // Previews (GET, nothing kept) and escalations (POST: the document kept with the customer and in the timeline) share
        // the one escalation operation.
        legal.MapGet("/customers/{reference}/notice", async (string reference, string? asOf, int? days, string? agencyName, string? agencyAddress, string? noticeDate,
            EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            await EscalateAsync(db, rt, clock, new EscalationRequest(agencyName is not null && agencyAddress is not null ? EscalationKind.AgencyLetter : EscalationKind.FormalNotice,
                reference, "api")
            {
                NoticeDays = days, Store = false,
                Agency = agencyName is not null && agencyAddress is not null ? new CollectionAgency(agencyName, DocumentCommands.ParseAddress(agencyAddress)) : null,
            }, asOf, noticeDate, null, ct));

        legal.MapGet("/customers/{reference}/statement", async (string reference, string? asOf, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            await WithCase(db, rt, clock, reference, asOf, ct, (c, date) =>
            {
                var claim = c.Claim(date, new ClaimOptions { IncludeSettledLate = true });
                return claim.Lines.Count == 0
                    ? Results.Problem(statusCode: 409, title: "Nothing to claim", detail: "No invoice paid or unpaid after its due date.")
                    : Pdf(InterestStatement.Build(c, claim, date, DocumentCommands.Reference("PEN", c, date)), $"decompte-{reference}.pdf");
            }));

        legal.MapGet("/customers/{reference}/payment-order", async (string reference, string? asOf, string? format, string? noticeDate,
            EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            await EscalateAsync(db, rt, clock, new EscalationRequest(EscalationKind.PaymentOrder, reference, "api") { Store = false }, asOf, noticeDate, format, ct));

        legal.MapGet("/customers/{reference}/proof-of-claim", async (string reference, string? publicationDate, string? openedOn, string? mandataire,
            EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
            await EscalateAsync(db, rt, clock, new EscalationRequest(EscalationKind.ProofOfClaim, reference, "api")
            {
                Store = false, Proof = ProofFacts(publicationDate, openedOn, mandataire),
            }, null, null, null, ct));

        legal.MapPost("/customers/{reference}/escalations", async (string reference, EscalationInput body, HttpContext http, EncaisseDb db, RequestTenant rt,
            TimeProvider clock, CancellationToken ct) =>
        {
            var actor = http.Request.Headers["X-Actor"].FirstOrDefault() is { Length: > 0 } a ? a.Trim()[..Math.Min(a.Trim().Length, 100)] : "api";
            var request = new EscalationRequest(body.Kind, reference, actor)
            {
                NoticeDays = body.Days, PauseDunning = body.PauseDunning,
                Agency = body.AgencyName is not null && body.AgencyAddress is not null ? new CollectionAgency(body.AgencyName, DocumentCommands.ParseAddress(body.AgencyAddress)) : null,
                Proof = body.Kind == EscalationKind.ProofOfClaim ? ProofFacts(body.PublicationDate, body.OpenedOn, body.Mandataire) : null,
            };
            var result = await Escalations.PrepareAsync(db, rt.Required, clock, request with { AsOf = ParseDate(body.AsOf), NoticeDate = ParseDate(body.NoticeDate) }, ct);
            return result.ToHttp(e => Results.Created($"/api/v1/customers/{Uri.EscapeDataString(reference)}/documents/{e.DocumentId}", new
            {
                documentId = e.DocumentId, kind = e.Kind, fileName = e.FileName, reference = e.Reference, deadline = e.Deadline,
                claim = LegalViews.Decision(reference, e.Claim),
            }));
        }).WithSummary("Escalate: formal notice, agency letter, payment-order file or proof of claim, kept with the customer and in the timeline");

        legal.MapGet("/customers/{reference}/terms", async (string reference, string? method, string? sector, EncaisseDb db, RequestTenant rt, CancellationToken ct) =>
        {
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == reference, ct);
            if (customer is null)
            {
                return Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer '{reference}'.");
            }

            var m = method == "45-then-end" ? EndOfMonthMethod.DaysThenEnd : EndOfMonthMethod.EndThenDays;
            var s = Enum.TryParse<TermsSector>(sector, ignoreCase: true, out var parsed) ? parsed : TermsSector.General;
            var invoices = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
                .Where(i => i.CustomerId == customer.Id && i.Kind == DocumentKind.Invoice && i.CancelledOn == null).ToListAsync(ct);
            return Results.Ok(new
            {
                customer = reference,
                terms = customer.PaymentTerms ?? rt.Required.DefaultPaymentTerms,
                warnings = PaymentTermsRules.CheckCustomer(customer, rt.Required, m, s).Select(w => w.ToString()).ToList(),
                invoices = invoices.Select(i => new { number = i.Number, warnings = PaymentTermsRules.CheckInvoice(i, m, s).Select(w => w.ToString()).ToList() })
                    .Where(i => i.warnings.Count > 0).ToList(),
            });
        });

        legal.MapGet("/prescription", async (string? customer, string? asOf, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
        {
            var date = ParseDate(asOf) ?? BusinessCalendar.Today(clock, rt.Required.TimeZone);
            var items = await PrescriptionReport.BuildAsync(db, rt.Required, customer, date, ct);
            return Results.Ok(items.Select(PrescriptionCommand.View).ToList());
        });

        legal.MapGet("/policy", async (string? customer, EncaisseDb db, RequestTenant rt, CancellationToken ct) =>
        {
            var id = customer is null ? null : await db.Customers.Where(c => c.ExternalRef == customer).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            return customer is not null && id is null
                ? Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer '{customer}'.")
                : Results.Ok(LegalViews.Policy(await LegalLedger.PolicyAsync(db, rt.Required, id, ct)));
        });

        legal.MapPut("/policy", async (string? customer, PolicyInput input, EncaisseDb db, RequestTenant rt, TimeProvider clock, CancellationToken ct) =>
        {
            var id = customer is null ? null : await db.Customers.Where(c => c.ExternalRef == customer).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customer is not null && id is null)
            {
                return Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer '{customer}'.");
            }

            var terms = new PenaltyTerms
            {
                ContractualRate = input.ContractualRate,
                Policy = input.Policy,
                Basis = input.Basis,
                BaseIncludesTax = input.BaseIncludesTax,
                DisputeInterest = input.DisputeInterest,
            };
            var saved = await LegalLedger.SavePolicyAsync(db, rt.Required, id, terms, input.NoticeDays,
                BusinessCalendar.Today(clock, rt.Required.TimeZone), clock.GetUtcNow(), ct);
            return saved.IsOk
                ? Results.Ok(LegalViews.Policy(await LegalLedger.PolicyAsync(db, rt.Required, id, ct)))
                : ResultHttp.Problem(saved.Error!);
        });

        legal.MapGet("/due-date", (string? invoiceDate, string? terms, string? method) =>
        {
            var date = ParseDate(invoiceDate);
            if (date is null || !PaymentTerms.TryParse(terms, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["terms"] = ["invoiceDate (yyyy-mm-dd) and terms (net30, 45eom, eom+15, fixed:yyyy-mm-dd) are required."] });
            }

            var check = PaymentTermsRules.DueDate(date.Value, parsed, method == "45-then-end" ? EndOfMonthMethod.DaysThenEnd : EndOfMonthMethod.EndThenDays);
            return Results.Ok(new { dueDate = check.DueDate, withinLegalCap = check.WithinLegalCap, legalCap = check.LegalCap, warnings = check.Warnings.Select(w => w.ToString()).ToList() });
        });

        legal.MapGet("/check-id/{value}", (string value) =>
        {
            var check = FrenchIdentifiers.Check(value);
            return Results.Ok(new { kind = check.Kind.ToString().ToLowerInvariant(), valid = check.Valid, vat = check.Vat, reason = check.Reason });
        });

        api.MapGet("/invoices/{number}/mentions", async (string number, EncaisseDb db, RequestTenant rt, CancellationToken ct) =>
        {
            var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == number, ct);
            if (invoice is null)
            {
                return Results.Problem(statusCode: 404, title: "Unknown invoice", detail: $"No invoice '{number}'.");
            }

            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == invoice.CustomerId, ct);
            // An e-invoice is checked on what it says (notes, lines, VAT breakdown), not on the ledger's summary.
            var facts = await EInvoicing.EInvoiceFacts.ForInvoiceAsync(db, invoice.Id, customer.Kind == CustomerKind.Business, ct)
                ?? InvoiceMentions.FactsFrom(rt.Required, customer, invoice);
            var report = InvoiceMentions.Check(facts);
            return Results.Ok(new
            {
                invoice = number,
                complete = report.Complete,
                missing = report.Missing.Select(m => m.Code).ToList(),
                notVerifiable = report.NotVerifiable.Select(m => m.Code).ToList(),
                checks = report.Checks,
                termsWarnings = PaymentTermsRules.CheckInvoice(invoice).Select(w => w.ToString()).ToList(),
            });
        });
    }

    private static async Task<IResult> WithCase(EncaisseDb db, RequestTenant rt, TimeProvider clock, string reference, string? asOf,
        CancellationToken ct, Func<LegalCase, DateOnly, IResult> body)
    {
        var tenant = rt.Required;
        var legal = await LegalLedger.LoadAsync(db, tenant, reference, ct);
        if (legal is null)
        {
            return Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer '{reference}'.");
        }

        if (asOf is not null && ParseDate(asOf) is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"'{asOf}' is not a date yyyy-mm-dd."] });
        }

        try
        {
            return body(legal, ParseDate(asOf) ?? BusinessCalendar.Today(clock, tenant.TimeZone));
        }
        catch (MissingRateException e)
        {
            return Results.Problem(statusCode: 409, title: "Missing reference rates", detail: e.Message);
        }
        catch (PenaltyInputException e)
        {
            // The customer's stored data (or the policy) cannot give a claim: 422 with the error's code and data.
            return ResultHttp.Problem(e.Error with { Kind = ErrorKind.Failed });
        }
    }

    private static async Task<IResult> EscalateAsync(EncaisseDb db, RequestTenant rt, TimeProvider clock, EscalationRequest request, string? asOf, string? noticeDate,
        string? format, CancellationToken ct)
    {
        if ((asOf is not null && ParseDate(asOf) is null) || (noticeDate is not null && ParseDate(noticeDate) is null))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [asOf is not null && ParseDate(asOf) is null ? "asOf" : "noticeDate"] = ["Not a date yyyy-mm-dd."] });
        }

        var result = await Escalations.PrepareAsync(db, rt.Required, clock, request with { AsOf = ParseDate(asOf), NoticeDate = ParseDate(noticeDate) }, ct);
        return result.ToHttp(e => format == "json" && e.PaymentOrder is not null ? Results.Ok(e.PaymentOrder) : Results.File(e.Pdf, "application/pdf", e.FileName));
    }

    private static ProofOfClaimFacts? ProofFacts(string? publicationDate, string? openedOn, string? mandataire) =>
        ParseDate(publicationDate) is { } published
            ? new ProofOfClaimFacts(ParseDate(openedOn) ?? DateOnly.MinValue, published, mandataire, [])
            : null;

    private static IResult Pdf(LetterDocument letter, string fileName) =>
        Results.File(LetterPdf.Render(letter), "application/pdf", fileName);

    /// <summary>?noticeDate= (consumers: legal interest from the next day); a malformed date is refused as a penalty input (422).</summary>
    private static DateOnly? Notice(string? value) => value is null ? null
        : ParseDate(value) ?? throw PenaltyInputException.Invalid(PenaltyErrors.NoticeDateFormat, ("value", value));

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
