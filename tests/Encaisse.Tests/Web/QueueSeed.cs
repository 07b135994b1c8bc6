using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Encaisse.Tests.Support;

namespace Encaisse.Tests.Web;

/// <summary>Work-queue rows on top of <see cref="WebSeed"/>: an e-mail reminder awaiting approval, a failed send, bank credits to review.</summary>
public static class QueueSeed
{
    public sealed record Seeded(DunningAction Awaiting, DunningAction Failed, BankTransaction ExactAmount, BankTransaction TwoInvoices);

    public static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Points the tenant's SMTP settings at the test sink (no TLS, no login).</summary>
    public static async Task UseSmtpAsync(DatabaseFactory factory, Tenant tenant, int port)
    {
        await using var db = factory.Create(tenant.Id);
        var settings = await Encaisse.Dunning.Plans.DunningSetup.EnsureAsync(db, FakeClock.At(WebSeed.Today), default);
        settings.SmtpHost = "127.0.0.1";
        settings.SmtpPort = port;
        settings.SmtpSecurity = SmtpSecurity.None;
        settings.FromAddress = "relances@acme.example";
        settings.FromName = "ACME Industrie — Recouvrement";
        await db.SaveChangesAsync();
    }

    public static async Task<Seeded> AddAsync(DatabaseFactory factory, Tenant tenant, WebSeed.Seeded web)
    {
        await using var db = factory.Create(tenant.Id);
        var bernardContact = new Contact { TenantId = tenant.Id, CustomerId = web.Bernard.Id, Name = "Luc Bernard", Email = "luc@boulangerie-bernard.example", IsPrimary = true };
        db.Add(bernardContact);
        var awaiting = new DunningAction
        {
            TenantId = tenant.Id, CustomerId = web.Dupont.Id, StepKey = "step:3", StepNumber = 3, Channel = DunningChannel.Email, Tone = DunningTone.Firm,
            TemplateKey = "formal-notice", Status = DunningActionStatus.AwaitingApproval, PlannedOn = WebSeed.Today, Level = 40,
            InvoiceIds = web.Overdue.Id.ToString(), AmountMinor = 1_234_56, Recipient = "compta@dupont.example",
            Subject = "Dernier rappel avant mise en demeure — facture FA-2026-0101",
            Body = "<p>Madame, Monsieur,</p><p>Malgré nos relances, la facture <strong>FA-2026-0101</strong> de 1 234,56 € échue le 04/02/2026 reste impayée.</p><p>Sans règlement sous 8 jours, nous vous adresserons une mise en demeure.</p>",
            MessageId = "step3.dupont@acme.example", NextAttemptAt = Now, CreatedAt = Now,
        };
        var failed = new DunningAction
        {
            TenantId = tenant.Id, CustomerId = web.Bernard.Id, StepKey = "step:1", StepNumber = 1, Channel = DunningChannel.Email, Tone = DunningTone.Courtesy,
            TemplateKey = "friendly", Status = DunningActionStatus.Failed, PlannedOn = WebSeed.Today.AddDays(-2), Level = 5,
            AmountMinor = 480_00, Recipient = "luc@boulangerie-bernard.example", ContactId = bernardContact.Id,
            Subject = "Rappel : facture FA-2026-0120", Body = "<p>Bonjour, sauf erreur de notre part la facture FA-2026-0120 de 480,00 € reste à régler.</p>",
            MessageId = "step1.bernard@acme.example", Attempts = 5, LastError = "attempt 5: SocketException: Connection refused",
            NextAttemptAt = Now, CreatedAt = Now,
        };
        db.AddRange(awaiting, failed);

        // Two credits matched by the real engine, with the auto-apply threshold out of reach so that both wait for review.
        var statement = new BankStatement { TenantId = tenant.Id, Format = "camt053", AccountIban = tenant.Iban, Currency = "EUR", ImportedAt = Now };
        db.Add(statement);
        BankTransaction Credit(string key, long minor, string payer, string text) => new()
        {
            TenantId = tenant.Id, BankStatementId = statement.Id, NaturalKey = key, BookingDate = WebSeed.Today.AddDays(-1), ValueDate = WebSeed.Today.AddDays(-1),
            AmountMinor = minor, Currency = "EUR", CounterpartyName = payer, RemittanceInformation = text, Status = BankTransactionStatus.Unmatched, ImportedAt = Now,
        };
        var exact = Credit("t1", 1_234_56, "DUPONT MATERIAUX SARL", "VIR FACTURE FA-2026-0101");
        var two = Credit("t2", 2_860_40, "DUPONT MATERIAUX", "REGLEMENT FA-2026-0142 ET SOLDE");
        db.AddRange(exact, two);
        await db.SaveChangesAsync();
        await CashApplication.RunAsync(db, [exact, two], FakeClock.At(WebSeed.Today), new MatchSettings { AutoApplyThreshold = 1.01m }, default);
        return new Seeded(awaiting, failed, exact, two);
    }
}
