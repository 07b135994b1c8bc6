using Encaisse.Dunning.Channels;

namespace Encaisse.Dunning.Running;

/// <summary>The effects a run uses; tests replace single parts (a failing e-mail sender, a local SMS server).</summary>
public sealed record DunningChannels
{
    public IEmailSender Email { get; init; } = new SmtpEmailSender();
    public ISmsProvider Sms { get; init; } = new HttpSmsProvider(SharedHttp);
    public IInvoiceDocuments InvoiceDocuments { get; init; } = new StoredInvoiceDocuments();
    private static HttpClient SharedHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
}
