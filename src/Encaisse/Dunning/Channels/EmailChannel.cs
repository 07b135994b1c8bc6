using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Encaisse.Dunning.Channels;

/// <summary>An invoice PDF to attach to a reminder.</summary>
public sealed record InvoiceAttachment(string Invoice, string FileName, byte[] Content, string Sha256);

/// <summary>
/// Where invoice PDFs come from: by default the ledger's stored PDFs (<c>ledger attach-pdf</c>,
/// <c>PUT /api/v1/invoices/{number}/pdf</c>), in the order of the invoices given (most late first).
/// </summary>
public interface IInvoiceDocuments
{
    Task<IReadOnlyList<InvoiceAttachment>> ForAsync(global::Encaisse.Storage.EncaisseDb db, IReadOnlyList<Guid> invoiceIds, CancellationToken ct);
}

public sealed class NoInvoiceDocuments : IInvoiceDocuments
{
    public static NoInvoiceDocuments Instance { get; } = new();

    public Task<IReadOnlyList<InvoiceAttachment>> ForAsync(global::Encaisse.Storage.EncaisseDb db, IReadOnlyList<Guid> invoiceIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<InvoiceAttachment>>([]);
}

/// <summary>Sends one e-mail and returns the server's answer.</summary>
public interface IEmailSender
{
    Task<string> SendAsync(DunningSettings settings, MimeMessage message, CancellationToken ct);

    /// <summary>
    /// Sends and reports how far the attempt went (<see cref="DeliveryAttempt"/>). The default, for senders that cannot
    /// tell, starts the attempt before calling the server and treats a failure as "not sent" (retried).
    /// </summary>
    async Task<string> SendAsync(DunningSettings settings, MimeMessage message, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await attempt.StartAsync(ct);
        return await SendAsync(settings, message, ct);
    }
}

/// <summary>SMTP with MailKit: host, port, TLS mode and credentials come from the tenant's <see cref="DunningSettings"/>.</summary>
public sealed class SmtpEmailSender : IEmailSender
{
    /// <summary>How long one read or write with the server may take (MailKit's timeout; 60 s by default).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public Task<string> SendAsync(DunningSettings settings, MimeMessage message, CancellationToken ct) =>
        SendAsync(settings, message, new DeliveryAttempt(), ct);

    /// <summary>
    /// Connects and authenticates (a failure there: nothing left), starts the attempt, then sends. The server's refusal
    /// (<see cref="SmtpCommandException"/>: sender, recipient or message not accepted) is a <see cref="NotDeliveredException"/>;
    /// a timeout or a dropped connection once the DATA content began may mean the server stored the message
    /// (<see cref="DeliveryAttempt.DataSent"/>), and is left for the caller to treat as "may have left".
    /// </summary>
    public async Task<string> SendAsync(DunningSettings settings, MimeMessage message, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            throw new ChannelNotConfiguredException("SMTP host is not configured (dunning settings: smtpHost).");
        }

        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, Timeout.TotalMilliseconds) };
        var security = settings.SmtpSecurity switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await client.AuthenticateAsync(settings.SmtpUser, SettingsSecrets.Reveal(settings.SmtpPassword, settings.TenantId, DunningSecretFields.SmtpPassword) ?? "", ct);
        }

        await attempt.StartAsync(ct);
        string response;
        try
        {
            // MailKit returns the text of the server's 2xx answer to DATA (e.g. "2.0.0 Ok: queued as 4F2A1"). It reports
            // progress only while writing the message content, after the server's 354 to DATA.
            response = await client.SendAsync(message, ct, new DataProgress(attempt));
        }
        catch (SmtpCommandException e)
        {
            throw new NotDeliveredException($"SMTP server refused the message ({e.ErrorCode}, {(int)e.StatusCode}): {e.Message}", e);
        }

        try
        {
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or TimeoutException or OperationCanceledException)
        {
            // Accepted already: a QUIT that goes wrong changes nothing.
        }

        return "accepted: " + response;
    }

    private sealed class DataProgress(DeliveryAttempt attempt) : MailKit.ITransferProgress
    {
        public void Report(long bytesTransferred, long totalSize) => Report(bytesTransferred);

        public void Report(long bytesTransferred)
        {
            if (!attempt.DataSent)
            {
                attempt.MarkDataSent();
            }
        }
    }
}

/// <summary>A channel lacks its configuration: the action waits (retries) rather than being lost.</summary>
public sealed class ChannelNotConfiguredException(string message) : Exception(message);

/// <summary>Builds the MIME message of a stored action (the exact subject, body and Message-ID stored in the outbox).</summary>
public static class DunningEmail
{
    public static MimeMessage Build(DunningSettings settings, string tenantName, DunningAction action, IReadOnlyList<InvoiceAttachment> attachments)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName ?? tenantName, settings.FromAddress ?? "noreply@localhost"));
        message.To.Add(MailboxAddress.Parse(action.Recipient ?? throw new InvalidOperationException("No recipient.")));
        message.Subject = action.Subject ?? "";
        message.MessageId = action.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId();
        message.Headers.Add("X-Encaisse-Action", action.Id.ToString());
        var body = new BodyBuilder { HtmlBody = action.Body ?? "" };
        foreach (var a in Fit(attachments, action.Document).Attached)
        {
            body.Attachments.Add(a.FileName, a.Content, new ContentType("application", "pdf"));
        }

        if (action.Document is { } pdf)
        {
            body.Attachments.Add($"courrier-{action.PlannedOn:yyyy-MM-dd}.pdf", pdf, new ContentType("application", "pdf"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// Cap on the PDFs of one message (letter included): 10 MiB of files, about 13.5 MiB once base64-encoded, under
    /// the 20-25 MB most mail servers accept. Invoices come most late first; those that do not fit are left out
    /// (the message still goes; the outcome names them so that a collector can send them separately).
    /// </summary>
    public const int MaxAttachmentBytes = 10 * 1024 * 1024;

    public static (IReadOnlyList<InvoiceAttachment> Attached, IReadOnlyList<InvoiceAttachment> LeftOut) Fit(
        IReadOnlyList<InvoiceAttachment> attachments, byte[]? letter)
    {
        var room = MaxAttachmentBytes - (letter?.Length ?? 0);
        var attached = new List<InvoiceAttachment>();
        var leftOut = new List<InvoiceAttachment>();
        foreach (var a in attachments)
        {
            if (a.Content.Length <= room)
            {
                attached.Add(a);
                room -= a.Content.Length;
            }
            else
            {
                leftOut.Add(a);
            }
        }

        return (attached, leftOut);
    }

    /// <summary>What the outcome says about the attachments (evidence: file and SHA-256 prefix of what was sent).</summary>
    public static string Describe(IReadOnlyList<InvoiceAttachment> attachments, byte[]? letter)
    {
        if (attachments.Count == 0)
        {
            return "";
        }

        var (attached, leftOut) = Fit(attachments, letter);
        var text = attached.Count == 0 ? "" : "; attached " + string.Join(", ", attached.Select(a => $"{a.FileName} (sha256 {a.Sha256[..12]})"));
        return leftOut.Count == 0 ? text
            : text + $"; left out over the {MaxAttachmentBytes / 1048576} MiB message cap: " + string.Join(", ", leftOut.Select(a => a.Invoice));
    }
}
