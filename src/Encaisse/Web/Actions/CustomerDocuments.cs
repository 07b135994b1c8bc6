using System.Net;
using System.Security.Cryptography;
using Encaisse.Documents;
using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Cli;
using Encaisse.Legal.Documents;
using Encaisse.Operations;
using Encaisse.Legal.Rates;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Encaisse.Web.Actions;

/// <summary>The outcome of a document action: the stored document, or a readable reason it was not made or not sent.</summary>
public sealed record DocumentResult(Guid? DocumentId, string? Error);

/// <summary>
/// The customer page's statement action: e-mail the statement (relevé de compte) through the tenant's SMTP settings,
/// kept as a <see cref="CustomerDocument"/> (evidence, downloadable) and recorded in the timeline. Escalation documents
/// are the Legal capability's (<see cref="Legal.Escalations"/>).
/// </summary>
public static class CustomerDocuments
{
    /// <summary>
    /// E-mails today's statement to the customer's dunning contact. Refusals are coded: <c>customer.notFound</c>,
    /// <c>statement.noEmail</c> (no working address), <c>statement.sendFailed</c> (the SMTP server's answer); nothing is
    /// stored unless the message left. The customers list sends several through <see cref="CustomerBulkActions"/>.
    /// </summary>
    public static async Task<Result<Guid>> SendStatementAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock, Acting at,
        Guid customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(at);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerId.ToString()));
        }

        // The dunning contact: the same choice as an e-mail reminder (primary first, a working address).
        var contact = customer.Contacts.OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id)
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email) && !c.EmailFailing);
        if (contact is null)
        {
            return OperationError.Conflict("statement.noEmail", ("customer", customer.ExternalRef));
        }

        var pdf = await CustomerStatement.RenderAsync(db, tenant, customer.ExternalRef, at.Today, ct);
        var fileName = StatementFileName(customer.ExternalRef, at.Today);
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var english = customer.Language == "en";
        var date = at.Today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName ?? tenant.Name, settings.FromAddress ?? "noreply@localhost"));
        message.To.Add(new MailboxAddress(contact.Name ?? customer.LegalName, contact.Email!));
        message.Subject = english ? $"Statement of account at {date} — {tenant.Name}" : $"Relevé de compte au {date} — {tenant.Name}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
        var html = english
            ? $"<p>Dear Sir or Madam,</p><p>Please find attached the statement of your account with {WebUtility.HtmlEncode(tenant.Name)} at {date}.</p><p>Kind regards,<br>{WebUtility.HtmlEncode(tenant.Name)}</p>"
            : $"<p>Madame, Monsieur,</p><p>Veuillez trouver ci-joint le relevé de votre compte chez {WebUtility.HtmlEncode(tenant.Name)} au {date}.</p><p>Cordialement,<br>{WebUtility.HtmlEncode(tenant.Name)}</p>";
        var body = new BodyBuilder { HtmlBody = html };
        body.Attachments.Add(fileName, pdf!, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        string outcome;
        try
        {
            outcome = await channels.Email.SendAsync(settings, message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return OperationError.Failed("statement.sendFailed", ("customer", customer.ExternalRef), ("reason", e.Message));
        }

        var document = Store(db, customer.Id, CustomerDocumentKind.Statement, fileName, pdf!, at);
        document.SentTo = contact.Email;
        document.Outcome = outcome.Length <= 1000 ? outcome : outcome[..1000];
        CollectionActions.Timeline(db, at, customer.Id, null, "statement.sent", TimelineText.Of("statement.sent", ("date", at.Today)),
            new { documentId = document.Id, sha256 = document.ContentHash, messageId = message.MessageId });
        await db.SaveChangesAsync(ct);
        return Result.Ok(document.Id);
    }

    public static string StatementFileName(string customerRef, DateOnly asOf) => $"releve-{FileSafe(customerRef)}-{asOf:yyyy-MM-dd}.pdf";

    private static CustomerDocument Store(EncaisseDb db, Guid customerId, CustomerDocumentKind kind, string fileName, byte[] pdf, Acting at)
    {
        var document = new CustomerDocument
        {
            TenantId = db.TenantId, CustomerId = customerId, Kind = kind, FileName = fileName, Content = pdf,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(pdf)), AsOf = at.Today, CreatedBy = at.Actor, CreatedAt = at.Now,
        };
        db.Add(document);
        return document;
    }

    private static string FileSafe(string text) => new(text.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());
}
