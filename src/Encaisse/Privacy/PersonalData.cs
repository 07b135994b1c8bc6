using System.Security.Cryptography;
using System.Text;
using Encaisse.Audit;
using Encaisse.Dunning;
using Encaisse.Dunning.Tasks;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Payments;
using Encaisse.Payments.Sepa;
using Encaisse.Portal;
using Encaisse.Privacy.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

using Encaisse.Risk.Onboarding;

namespace Encaisse.Privacy;

/// <summary>Everything held about one person (GDPR article 15 / 20), as exported.</summary>
public sealed record PersonalDataExport(
    DateTimeOffset ExportedAt, object Identity, IReadOnlyList<object> Contacts, IReadOnlyList<object> Invoices, IReadOnlyList<object> Payments,
    IReadOnlyList<object> BankTransactions, IReadOnlyList<object> Mandates, IReadOnlyList<object> Documents, IReadOnlyList<object> Timeline,
    IReadOnlyList<object> Messages, IReadOnlyList<object> Calls, IReadOnlyList<object> Notes, IReadOnlyList<object> PortalVisits);

/// <summary>What an erasure changed.</summary>
public sealed record ErasureSummary(string CustomerRef, string Pseudonym, int Contacts, int Payments, int BankTransactions, int TimelineEntries,
    int Messages, int Notes, int AuditEntries, bool OpenInvoices)
{
    /// <summary>Onboarding checks whose registry name and head-office address were scrubbed (ADR 1841).</summary>
    public int CompanyChecks { get; init; }
}

/// <summary>The tenant's retention periods as shown and set.</summary>
public sealed record PrivacySettingsView(int ContactDataYears, int AccountingYears);

/// <summary>
/// Personal data of consumer debtors (GDPR, ADR 1611): export everything held about a person, erase (pseudonymise) it when nothing
/// legally requires keeping it, and the tenant's retention periods. Accounting records (invoices, payments, allocations) stay, with the
/// pseudonym in place of the name: the Code de commerce requires them for ten years.
/// </summary>
public static class PersonalData
{
    public static async Task<Result<PersonalDataExport>> ExportAsync(EncaisseDb db, string customerRef, DateTimeOffset now, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerRef));
        }

        var id = customer.Id;
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.CustomerId == id)
            .Select(i => new { i.Number, i.Kind, i.IssueDate, i.DueDate, i.GrossMinor, i.Currency }).ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CustomerId == id)
            .Select(p => new { p.Reference, p.ReceivedOn, p.AmountMinor, p.Currency, p.Method, p.PayerName, p.PayerIban }).ToListAsync(ct);
        var transactions = await db.Set<BankTransaction>().AsNoTracking().Where(t => t.CustomerId == id)
            .Select(t => new { t.BookingDate, t.AmountMinor, t.Currency, t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.Status }).ToListAsync(ct);
        var mandates = await db.Set<Mandate>().AsNoTracking().Where(m => m.CustomerId == id)
            .Select(m => new { m.Reference, m.SignedOn, m.DebtorName, m.DebtorIban, m.DebtorBic, m.RevokedOn }).ToListAsync(ct);
        var documents = await db.Set<CustomerDocument>().AsNoTracking().Where(d => d.CustomerId == id)
            .Select(d => new { d.Kind, d.FileName, d.AsOf, d.SentTo, d.Outcome, d.CreatedAt }).ToListAsync(ct);
        var timeline = await db.Set<TimelineEvent>().AsNoTracking().Where(e => e.CustomerId == id)
            .Select(e => new { e.At, e.Kind, e.Summary, e.Actor }).ToListAsync(ct);
        var messages = await db.Set<DunningAction>().AsNoTracking().Where(a => a.CustomerId == id)
            .Select(a => new { a.PlannedOn, a.Channel, a.StepKey, a.Status, a.Recipient, a.Subject }).ToListAsync(ct);
        var calls = await db.Set<CollectionTask>().AsNoTracking().Where(t => t.CustomerId == id)
            .Select(t => new { t.Kind, t.Title, t.DueOn, t.Status, t.Outcome, t.CompletedAt }).ToListAsync(ct);
        var notes = await db.Set<CustomerNote>().AsNoTracking().Where(n => n.CustomerId == id).Select(n => new { n.At, n.Author, n.Text }).ToListAsync(ct);
        var visits = await db.Set<PortalLink>().AsNoTracking().Where(l => l.CustomerId == id)
            .Select(l => new { l.CreatedAt, l.ExpiresAt, l.RevokedAt, l.LastUsedAt }).ToListAsync(ct);

        var identity = new
        {
            customer.ExternalRef, customer.Kind, customer.LegalName, customer.Siren, customer.VatNumber, customer.BillingAddress, customer.Language,
            customer.PaymentTerms, customer.CreditLimitMinor, customer.RiskClass, customer.PaysByDirectDebit, customer.CreatedAt, customer.PseudonymisedAt,
        };
        return Result.Ok(new PersonalDataExport(now, identity,
            customer.Contacts.Select(c => (object)new { c.Name, c.Role, c.Email, c.Phone, c.IsPrimary }).ToList(),
            [.. invoices], [.. payments], [.. transactions], [.. mandates], [.. documents],
            [.. timeline.OrderBy(e => e.At.UtcDateTime)], [.. messages], [.. calls], [.. notes], [.. visits]));
    }

    /// <summary>
    /// Replaces the person's name, address, e-mails, phones, IBANs and free texts by a pseudonym (<c>gdpr.openInvoices</c> while invoices are
    /// open, unless <paramref name="force"/>; <c>gdpr.notConsumer</c> for a business). Invoices, payments and allocations stay. The audit
    /// entries about the customer have their values redacted once (the only change the audit trail allows).
    /// </summary>
    public static async Task<Result<ErasureSummary>> EraseAsync(EncaisseDb db, string customerRef, bool force, DateTimeOffset now, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerRef));
        }

        if (customer.Kind != CustomerKind.Consumer && !force)
        {
            return OperationError.Invalid("gdpr.notConsumer", ("customer", customerRef));
        }

        var id = customer.Id;
        var open = await db.Invoices.AnyAsync(i => i.CustomerId == id && i.Kind == DocumentKind.Invoice && i.CancelledOn == null &&
                                                   i.GrossMinor > EF.Property<long>(i, "SettledMinor"), ct);
        if (open && !force)
        {
            return OperationError.Conflict("gdpr.openInvoices", ("customer", customerRef));
        }

        var pseudonym = "Personne " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(db.TenantId + "/" + id)))[..10];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The erasure is in the audit trail under its own action, with the erased values masked (ADR 1611).
        using var audit = db.AuditAs(Erasure);
        customer.LegalName = pseudonym;
        customer.BillingAddress = new PostalAddress { Country = customer.BillingAddress.Country };
        customer.VatNumber = null;
        customer.PseudonymisedAt = now;
        customer.UpdatedAt = now;
        foreach (var contact in customer.Contacts)
        {
            (contact.Name, contact.Email, contact.Phone, contact.Role) = (pseudonym, null, null, null);
        }

        var payments = await db.Payments.Where(p => p.CustomerId == id && (p.PayerName != null || p.PayerIban != null)).ToListAsync(ct);
        foreach (var p in payments)
        {
            (p.PayerName, p.PayerIban) = (p.PayerName is null ? null : pseudonym, null);
        }

        var transactions = await db.Set<BankTransaction>().Where(t => t.CustomerId == id).ToListAsync(ct);
        foreach (var t in transactions)
        {
            (t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.Details, t.Proposal) = (pseudonym, null, null, null, null);
        }

        db.RemoveRange(await db.Set<PayerAlias>().Where(a => a.CustomerId == id).ToListAsync(ct));
        var timeline = await db.Set<TimelineEvent>().Where(e => e.CustomerId == id).ToListAsync(ct);
        foreach (var e in timeline)
        {
            (e.Summary, e.Data) = ("—", null);
        }

        var messages = await db.Set<DunningAction>().Where(a => a.CustomerId == id).ToListAsync(ct);
        foreach (var m in messages)
        {
            (m.Recipient, m.Subject) = (null, null);
        }

        var notes = await db.Set<CustomerNote>().Where(n => n.CustomerId == id).ToListAsync(ct);
        foreach (var n in notes)
        {
            n.Text = "—";
        }

        foreach (var task in await db.Set<CollectionTask>().Where(t => t.CustomerId == id).ToListAsync(ct))
        {
            (task.Title, task.TitleText, task.Outcome) = ("—", null, null);
        }

        foreach (var mandate in await db.Set<Mandate>().Where(m => m.CustomerId == id && m.RevokedOn != null).ToListAsync(ct))
        {
            // A live mandate is still needed to collect; a revoked one keeps its reference, not the person's account.
            (mandate.DebtorName, mandate.DebtorIban, mandate.DebtorBic) = (pseudonym, "", null);
        }

        // The onboarding checks keep the registry's answer: for a sole proprietor (entrepreneur individuel) the registered name is a
        // person's name and the head office often their home (ADR 1841). Name and address go; the company facts without a person
        // in them (state, legal form, dates, activity, procedures, publication ids, accounts figures) stay with the advice they gave.
        var checks = await db.Set<CompanyCheck>().Where(c => c.CustomerId == id).ToListAsync(ct);
        foreach (var check in checks)
        {
            (check.RegistryName, check.HeadOfficeAddress, check.HeadOfficePostalCode, check.HeadOfficeCity, check.RequestedBy) =
                (check.RegistryName is null ? null : pseudonym, null, null, null, null);
        }

        // A check still queued would fetch the name again.
        db.RemoveRange(await db.Set<CompanyCheckRequest>().Where(r => r.CustomerId == id).ToListAsync(ct));
        foreach (var credit in await db.Set<CreditOverride>().Where(o => o.CustomerId == id).ToListAsync(ct))
        {
            credit.Reason = "—";
        }

        await db.SaveChangesAsync(ct);
        var redacted = await AuditTrail.RedactCustomerAsync(db, id, now, ct);
        await transaction.CommitAsync(ct);
        return Result.Ok(new ErasureSummary(customerRef, pseudonym, customer.Contacts.Count, payments.Count, transactions.Count, timeline.Count,
            messages.Count, notes.Count, redacted, open) { CompanyChecks = checks.Count });
    }

    /// <summary>The audit action of an erasure; its entries keep which fields changed, never their values.</summary>
    public const string Erasure = "gdpr.erased";

    public static async Task<PrivacySettingsView> SettingsAsync(EncaisseDb db, CancellationToken ct)
    {
        var s = await db.Set<PrivacySettings>().AsNoTracking().SingleOrDefaultAsync(ct);
        return new PrivacySettingsView(s?.ContactDataYears ?? PrivacySettings.DefaultContactDataYears, s?.AccountingYears ?? PrivacySettings.LegalAccountingYears);
    }

    /// <summary>Sets the retention periods: contact data 1 to 10 years after the last movement; accounting records at least the legal ten years.</summary>
    public static async Task<Result<PrivacySettingsView>> SetSettingsAsync(EncaisseDb db, int? contactDataYears, int? accountingYears, DateTimeOffset now,
        CancellationToken ct)
    {
        if (contactDataYears is < 1 or > 10)
        {
            return OperationError.InvalidField("contactDataYears", contactDataYears.ToString(), "gdpr.contactYears");
        }

        if (accountingYears is < PrivacySettings.LegalAccountingYears or > 30)
        {
            return OperationError.InvalidField("accountingYears", accountingYears.ToString(), "gdpr.accountingYears");
        }

        var s = await db.Set<PrivacySettings>().SingleOrDefaultAsync(ct);
        if (s is null)
        {
            s = new PrivacySettings { TenantId = db.TenantId };
            db.Add(s);
        }

        s.ContactDataYears = contactDataYears ?? s.ContactDataYears;
        s.AccountingYears = accountingYears ?? s.AccountingYears;
        s.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok(new PrivacySettingsView(s.ContactDataYears, s.AccountingYears));
    }

    /// <summary>Consumer customers whose last movement (invoice issued, payment received) is older than the contact-data period: due for erasure.</summary>
    public static async Task<IReadOnlyList<string>> DueAsync(EncaisseDb db, DateOnly today, CancellationToken ct)
    {
        var years = (await SettingsAsync(db, ct)).ContactDataYears;
        var limit = today.AddYears(-years);
        return await db.Customers.AsNoTracking()
            .Where(c => c.Kind == CustomerKind.Consumer && c.PseudonymisedAt == null)
            .Where(c => !db.Invoices.Any(i => i.CustomerId == c.Id && i.IssueDate > limit) && !db.Payments.Any(p => p.CustomerId == c.Id && p.ReceivedOn > limit))
            .OrderBy(c => c.ExternalRef).Select(c => c.ExternalRef).ToListAsync(ct);
    }
}
