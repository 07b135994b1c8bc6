using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Letters;

namespace Encaisse.Dunning.Running;

/// <summary>The effects a run uses; tests replace single parts (a failing e-mail sender, a local SMS server).</summary>
public sealed record DunningChannels
{
    public IEmailSender Email { get; init; } = new SmtpEmailSender();
    public ISmsProvider Sms { get; init; } = new HttpSmsProvider(SharedHttp);
    public IInvoiceDocuments InvoiceDocuments { get; init; } = new StoredInvoiceDocuments();
    /// <summary>Null: the statutory claims at the rates stored in the database (embedded table + <c>rates set</c>).</summary>
    public ILegalClaimsSource? LegalClaims { get; init; }

    /// <summary>The claims source for a run: the one given, or the statutory one at the database's current rates.</summary>
    internal async Task<ILegalClaimsSource> LegalClaimsForAsync(global::Encaisse.Storage.EncaisseDb db, CancellationToken ct) =>
        LegalClaims ?? await global::Encaisse.Legal.StatutoryLetterClaims.LoadAsync(db, DateOnly.MaxValue, ct);

    private static HttpClient SharedHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
}
