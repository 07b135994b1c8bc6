using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Portal;
using Encaisse.Portal.Storage;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Web.Portal;

/// <summary>A file the customer joined to a dispute on the portal, as received (the type is decided from the bytes).</summary>
public sealed record PortalUpload(string FileName, byte[] Content);

/// <summary>
/// What the customer does on the portal that is written: a visit and a statement download (timeline entries), a dispute
/// with its attachment. The portal pages only translate the request and call these. Error <c>portal.invalid</c>: the
/// request cannot be accepted (unknown invoice, a file too large or of a type not accepted); a collections rule that
/// refuses the dispute answers its own code (<c>dispute.alreadyOpen</c>...).
/// </summary>
public static class PortalActivity
{
    /// <summary>The largest attachment accepted with a dispute.</summary>
    public const int MaxAttachmentBytes = 5 * 1024 * 1024;

    /// <summary>A visit is written to the timeline at most once an hour per link (reloads are not visits).</summary>
    public static readonly TimeSpan VisitInterval = TimeSpan.FromHours(1);

    /// <summary>Records the visit unless the link was used within <see cref="VisitInterval"/>; true when recorded.</summary>
    public static async Task<Result<bool>> RecordVisitAsync(EncaisseDb db, Acting at, Guid customerId, DateTimeOffset? previousUse, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        if (previousUse is { } before && before >= at.Now - VisitInterval)
        {
            return Result.Ok(false);
        }

        CollectionActions.Timeline(db, at, customerId, null, "portal.visit", TimelineText.Of("portal.visit"), null);
        await db.SaveChangesAsync(ct);
        return Result.Ok(true);
    }

    /// <summary>Records that the customer downloaded their statement.</summary>
    public static async Task<Result<bool>> RecordStatementDownloadAsync(EncaisseDb db, Acting at, Guid customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        CollectionActions.Timeline(db, at, customerId, null, "portal.statement", TimelineText.Of("portal.statement"), null);
        await db.SaveChangesAsync(ct);
        return Result.Ok(true);
    }

    /// <summary>
    /// Opens a dispute on one invoice of the customer with the shared collections rules, and keeps the file joined to it
    /// (PDF, PNG or JPEG, decided from the bytes; <see cref="MaxAttachmentBytes"/> at most) in the same save: both are written or
    /// neither. Nothing is written when refused.
    /// </summary>
    public static async Task<Result<Guid>> OpenDisputeAsync(EncaisseDb db, Acting at, Guid customerId, Guid invoiceId, DisputeReason reason,
        string? description, PortalUpload? attachment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        string? contentType = null;
        if (attachment is { Content.Length: > 0 })
        {
            contentType = attachment.Content.Length <= MaxAttachmentBytes ? UploadedFiles.AllowedTypeOf(attachment.Content) : null;
            if (contentType is null)
            {
                return OperationError.Invalid("portal.invalid");
            }
        }

        if (invoiceId == Guid.Empty)
        {
            return OperationError.Invalid("portal.invalid");
        }

        // One unit of work: the dispute, its history, its timeline entry and the file are saved together, or nothing is.
        Action<Guid>? attach = attachment is null || contentType is null ? null : disputeId => db.Add(new PortalAttachment
        {
            TenantId = db.TenantId, CustomerId = customerId, DisputeId = disputeId, FileName = UploadedFiles.SafeName(attachment.FileName, contentType),
            ContentType = contentType, Content = attachment.Content, CreatedAt = at.Now,
        });
        var opened = await CollectionActions.OpenDisputeAsync(db, at, customerId, [invoiceId], reason, description, "portal", attach, ct);
        if (!opened.IsOk)
        {
            // A collections rule the customer can act on (the invoice already disputed, paid meanwhile) is told as its coded
            // refusal, in the customer's language; anything else (an invoice not theirs) reads as the portal's one sentence.
            return opened.Error!.Kind == ErrorKind.Invalid && opened.Error.Fields.Count > 0 ? opened.Error : OperationError.Invalid("portal.invalid");
        }

        return Result.Ok(opened.Value);
    }
}
