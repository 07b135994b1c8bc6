namespace Encaisse.Dunning.Channels;

/// <summary>
/// How far one e-mail or SMS attempt went, so that its failure can be told apart (docs/adr/0352):
/// <list type="bullet">
/// <item>not <see cref="Started"/>: the channel was never asked (configuration, connection, authentication failed):
/// nothing left, the row is retried on the 5/10/20-minute schedule;</item>
/// <item><see cref="Started"/>: the runner recorded durably, before the server was asked, that the attempt began
/// (<c>dunning_action.attempt_started_at</c>); a crash from here on cannot tell whether the server accepted, so the
/// recovery sends it to review, never again automatically;</item>
/// <item><see cref="DataSent"/>: message data was handed to the network; a timeout or a dropped connection now means
/// "may have left" (review). A definite refusal (<see cref="NotDeliveredException"/>) still means nothing left.</item>
/// </list>
/// </summary>
public sealed class DeliveryAttempt(Func<CancellationToken, Task>? onStarting = null)
{
    public bool Started { get; private set; }

    public bool DataSent { get; private set; }

    /// <summary>Called by a channel right before it asks the server to take the message (after connecting).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (Started)
        {
            return;
        }

        if (onStarting is not null)
        {
            await onStarting(ct);
        }

        Started = true;
    }

    /// <summary>Called by a channel when message data begins to leave (SMTP DATA content, the SMS request).</summary>
    public void MarkDataSent()
    {
        if (!Started)
        {
            throw new InvalidOperationException("An attempt sends data only after it has started.");
        }

        DataSent = true;
    }

    /// <summary>After a failure: true when the server may have accepted the message (never resent automatically).</summary>
    public bool MayHaveLeft(Exception error) => DataSent && error is not NotDeliveredException;
}

/// <summary>
/// The server answered and refused the message (SMTP 4xx/5xx to MAIL, RCPT or the end of DATA; SMS gateway non-2xx), or
/// could not be reached before anything was sent: it certainly did not leave, and may be retried.
/// </summary>
public sealed class NotDeliveredException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The runner lost its claim on the row before the attempt started (recovered by another runner): send nothing.</summary>
public sealed class ClaimLostException(string message) : Exception(message);
