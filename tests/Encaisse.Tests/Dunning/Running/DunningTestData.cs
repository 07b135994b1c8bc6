using System.Collections.Concurrent;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using MimeKit;

namespace Encaisse.Tests.Dunning.Running;

/// <summary>Captures e-mails instead of an SMTP server (the real server is used in SmtpChannelTests).</summary>
internal sealed class RecordingEmailSender : IEmailSender
{
    public ConcurrentQueue<MimeMessage> Sent { get; } = new();
    public Func<MimeMessage, Exception?>? Fail { get; set; }
    public TimeSpan Delay { get; set; }

    public async Task<string> SendAsync(DunningSettings settings, MimeMessage message, CancellationToken ct)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, ct);
        }

        if (Fail?.Invoke(message) is { } error)
        {
            throw error;
        }

        Sent.Enqueue(message);
        return "250 2.0.0 Ok: queued as TEST" + Sent.Count;
    }
}

internal static class DunningTestData
{
    public static async Task<Customer> AddCustomerAsync(TestDatabase database, Tenant tenant, string reference,
        CustomerKind kind = CustomerKind.Business, string? email = "compta@example.test", string? phone = null)
    {
        await using var db = database.For(tenant);
        var customer = new Customer
        {
            TenantId = tenant.Id,
            ExternalRef = reference,
            LegalName = "Client " + reference + " SARL",
            Kind = kind,
            BillingAddress = new PostalAddress { Line1 = "12 rue des Lilas", PostalCode = "69003", City = "Lyon" },
            Collector = "marie.durand",
        };
        customer.Contacts.Add(new Contact { TenantId = tenant.Id, CustomerId = customer.Id, Name = "Jeanne Martin", Email = email, Phone = phone, IsPrimary = true });
        db.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    public static async Task<Invoice> AddInvoiceAsync(TestDatabase database, Tenant tenant, Customer customer, string number, DateOnly due, decimal amount)
    {
        await using var db = database.For(tenant);
        var gross = Currencies.ToMinor(amount, "EUR");
        var invoice = new Invoice
        {
            TenantId = tenant.Id,
            CustomerId = customer.Id,
            Number = number,
            IssueDate = due.AddDays(-30),
            DueDate = due,
            GrossMinor = gross,
            NetMinor = gross * 5 / 6,
            TaxMinor = gross - (gross * 5 / 6),
        };
        db.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    /// <summary>
    /// Steps already sent to the customer in cycle 1 (as earlier runs would have left them): steps go in order, so a test of
    /// step N starts from the history of the steps before it.
    /// </summary>
    /// <summary>The template key of the rows <see cref="SentAsync"/> writes: tests that count what a run did leave them out.</summary>
    public const string Earlier = "earlier";

    public static async Task SentAsync(TestDatabase database, Tenant tenant, Customer customer, IReadOnlyList<Invoice> invoices, params (int Step, DateOnly On)[] steps)
    {
        await using var db = database.For(tenant);
        foreach (var (step, on) in steps)
        {
            db.Add(new DunningAction
            {
                TenantId = tenant.Id, CustomerId = customer.Id, StepKey = $"step:{step}", StepNumber = step, Cycle = 1, TemplateKey = Earlier,
                Status = DunningActionStatus.Sent, PlannedOn = on, InvoiceIds = string.Join(',', invoices.Select(i => i.Id)),
                CreatedAt = DateTimeOffset.UtcNow, SentAt = DateTimeOffset.UtcNow,
            });
        }

        await db.SaveChangesAsync();
    }

    public static async Task PayAsync(TestDatabase database, Tenant tenant, Invoice invoice, DateOnly on)
    {
        await using var db = database.For(tenant);
        var payment = new Payment { TenantId = tenant.Id, CustomerId = invoice.CustomerId, Reference = "VIR-" + invoice.Number, ReceivedOn = on, AmountMinor = invoice.GrossMinor };
        db.Add(payment);
        db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, PaymentId = payment.Id, AmountMinor = invoice.GrossMinor, AllocatedOn = on });
        await db.SaveChangesAsync();
    }

    /// <summary>Creates the tenant's dunning settings (and default plans) with an SMTP sender address.</summary>
    public static async Task<DunningSettings> SettingsAsync(TestDatabase database, Tenant tenant, Action<DunningSettings>? change = null)
    {
        await using var db = database.For(tenant);
        var settings = await Encaisse.Dunning.Plans.DunningSetup.EnsureAsync(db, TimeProvider.System, default);
        settings.FromAddress = "relances@acme.test";
        settings.SmtpHost = "127.0.0.1";
        change?.Invoke(settings);
        await db.SaveChangesAsync();
        return settings;
    }

    public static async Task<List<DunningAction>> ActionsAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<DunningAction>().OrderBy(a => a.PlannedOn).ThenBy(a => a.StepKey));
    }

    public static EncaisseDb Db(TestDatabase database, Tenant tenant) => database.For(tenant);
}
