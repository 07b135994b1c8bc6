
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>
/// Creates and updates customers, invoices, payments and allocations with the ledger's rules: external keys
/// unique per tenant, issued invoices never altered (a credit note corrects them), allocations never exceeding
/// either side. Used by the API, the CLI and the pages; allocations themselves are written by <see cref="LedgerAllocations"/>.
/// </summary>
public sealed class LedgerOperations(EncaisseDb db, Tenant tenant, TimeProvider clock)
{
    public async Task<Result<Customer>> CreateCustomerAsync(CustomerWrite w, CancellationToken ct)
    {
        if (await db.Customers.AnyAsync(c => c.ExternalRef == w.Ref, ct))
        {
            return OperationError.Conflict("customer.exists", ("customer", w.Ref));
        }

        var customer = new Customer { TenantId = tenant.Id, ExternalRef = w.Ref?.Trim() ?? "", LegalName = w.LegalName?.Trim() ?? "", CreatedAt = clock.GetUtcNow() };
        Apply(customer, w);
        var errors = LedgerValidation.Customer(customer);
        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors);
        }

        db.Customers.Add(customer);
        // The onboarding check is queued with the customer (same unit of work) and done by the onboarding job: a registry
        // outage never blocks a creation (ADR 1830).
        Risk.Onboarding.OnboardingChecks.Request(db, customer, "creation", db.Actor?.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Result.Ok(customer);
    }

    public async Task<Result<Customer>> UpdateCustomerAsync(string customerRef, CustomerWrite w, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerRef));
        }

        if (w.LegalName is not null)
        {
            customer.LegalName = w.LegalName.Trim();
        }

        // Credit (a new limit above zero, terms other than cash) is refused to a ceased company or one in a procedure; the
        // override with its reason is the credit grant's (POST /customers/{ref}/credit), ADR 1830.
        var newLimit = w.CreditLimit is { } wl && Currencies.ToMinor(wl, tenant.Currency) != customer.CreditLimitMinor ? wl : (decimal?)null;
        var newTerms = w.PaymentTerms is { } wt && wt != customer.PaymentTerms ? wt : null;
        if (await Risk.Onboarding.CreditGrants.CheckAsync(db, customer, newLimit, newTerms, null, tenant.Currency, clock.GetUtcNow(), ct) is { } refused)
        {
            return refused;
        }

        var sirenBefore = customer.Siren;
        var existingContacts = customer.Contacts.Select(c => c.Id).ToHashSet();
        Apply(customer, w);
        if (customer.Siren != sirenBefore)
        {
            // A SIREN given or corrected: the company is checked again.
            await Risk.Onboarding.OnboardingChecks.RequestAsync(db, customer, "update", db.Actor?.Id, clock.GetUtcNow(), ct);
        }

        // Replaced contacts carry new client-made ids: mark them new, or EF takes them for existing rows and updates nothing
        // (issue 16: every PUT with contacts ended in DbUpdateConcurrencyException, a 500).
        foreach (var contact in customer.Contacts.Where(c => !existingContacts.Contains(c.Id)))
        {
            db.Entry(contact).State = EntityState.Added;
        }

        var errors = LedgerValidation.Customer(customer);
        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors);
        }

        await db.SaveChangesAsync(ct);
        return Result.Ok(customer);
    }

    /// <summary>Sets (or with null removes) the customer's credit limit, in the tenant's currency. The change is in the audit trail.</summary>
    public Task<Result<Customer>> SetCreditLimitAsync(Guid customerId, decimal? limit, CancellationToken ct) =>
        SetCreditLimitAsync(customerId, limit, null, ct);

    /// <summary>
    /// Sets the credit limit; a limit above zero for a ceased company or one in a collective procedure is refused
    /// (<c>risk.creditRefused</c>) unless <paramref name="overrideReason"/> is given, which is recorded (ADR 1830).
    /// </summary>
    public async Task<Result<Customer>> SetCreditLimitAsync(Guid customerId, decimal? limit, string? overrideReason, CancellationToken ct)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", customerId.ToString()));
        }

        if (limit is < 0 or > 1_000_000_000_000m)
        {
            return OperationError.InvalidField("creditLimit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture), "customer.creditLimit");
        }

        if (await Risk.Onboarding.CreditGrants.CheckAsync(db, customer, limit, null, overrideReason, tenant.Currency, clock.GetUtcNow(), ct) is { } refused)
        {
            return refused;
        }

        customer.CreditLimitMinor = limit is { } l ? Currencies.ToMinor(l, tenant.Currency) : null;
        customer.UpdatedAt = clock.GetUtcNow();
        using var audit = db.AuditAs("customer.creditLimit");
        await db.SaveChangesAsync(ct);
        return Result.Ok(customer);
    }

    public async Task<Result<Invoice>> CreateInvoiceAsync(InvoiceWrite w, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == w.CustomerRef, ct);
        if (customer is null)
        {
            return OperationError.InvalidField("customerRef", w.CustomerRef, "invoice.customerUnknown", ("customer", w.CustomerRef));
        }

        if (await db.Invoices.AnyAsync(i => i.Number == w.Number, ct))
        {
            return OperationError.Conflict("invoice.exists", ("invoice", w.Number));
        }

        var currency = (w.Currency ?? tenant.Currency).ToUpperInvariant();
        var errors = new List<FieldError>();
        if (w.IssueDate is null)
        {
            errors.Add(new("issueDate", null, "Required."));
        }

        if (!Currencies.IsKnown(currency))
        {
            return OperationError.InvalidField("currency", currency, "currency.unknown", ("currency", currency));
        }

        // Lines (optional): checked as EN 16931 counts them; the invoice amounts are theirs (given ones must agree).
        CheckedLines? lines = null;
        if (w.Lines is not null)
        {
            var checkedLines = InvoiceLines.Check(currency, w.Lines, w.AmountExclTax, w.Tax, w.AmountInclTax);
            if (!checkedLines.IsOk)
            {
                return Result<Invoice>.Fail(checkedLines.Error!);
            }

            lines = checkedLines.Value;
        }

        if (w.AmountInclTax is null && lines is null)
        {
            errors.Add(new("amountInclTax", null, "Required."));
        }

        var instalments = (w.Instalments ?? []).Select((x, n) => new Instalment
        {
            TenantId = tenant.Id, Sequence = n + 1, DueDate = x.DueDate, AmountMinor = Currencies.ToMinor(x.Amount, currency),
        }).ToList();
        var dueDate = w.DueDate ?? (instalments.Count > 0 ? instalments.Max(x => x.DueDate) : null);
        if (dueDate is null)
        {
            errors.Add(new("dueDate", null, "Required (or give instalments)."));
        }

        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors);
        }

        var now = clock.GetUtcNow();
        var invoice = new Invoice
        {
            TenantId = tenant.Id,
            CustomerId = customer.Id,
            Number = w.Number?.Trim() ?? "",
            Kind = w.Kind,
            IssueDate = w.IssueDate!.Value,
            DueDate = dueDate!.Value,
            Currency = currency,
            NetMinor = lines?.NetMinor ?? (w.AmountExclTax is { } net ? Currencies.ToMinor(net, currency) : 0),
            TaxMinor = lines?.TaxMinor ?? (w.Tax is { } tax ? Currencies.ToMinor(tax, currency) : 0),
            GrossMinor = lines?.GrossMinor ?? Currencies.ToMinor(w.AmountInclTax!.Value, currency),
            PurchaseOrderRef = w.PurchaseOrderRef,
            IsFactored = w.IsFactored ?? false,
            CancelledOn = w.CancelledOn,
            Instalments = instalments,
            Source = "api",
            CreatedAt = now,
            UpdatedAt = now,
        };
        errors.AddRange(LedgerValidation.Invoice(invoice));
        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors);
        }

        db.Invoices.Add(invoice);
        foreach (var line in lines?.Lines ?? [])
        {
            line.TenantId = tenant.Id;
            line.InvoiceId = invoice.Id;
            db.Add(line);
        }

        await db.SaveChangesAsync(ct);
        // The tenant's credit-note rule: a new credit note settles the oldest open invoices, a new invoice takes open credit.
        var applied = await new LedgerAllocations(db, tenant, clock).ApplyCreditNotesAsync(customer.Id, invoice.Source, ct);
        return applied.IsOk ? Result.Ok(invoice) : Result<Invoice>.Fail(applied.Error!);
    }

    /// <summary>
    /// Changes what may change on an issued invoice: purchase-order reference, factoring flag, cancellation.
    /// Amounts, dates, currency and customer are refused: the law wants a credit note instead.
    /// </summary>
    public async Task<Result<Invoice>> UpdateInvoiceAsync(string number, InvoiceWrite w, CancellationToken ct)
    {
        var invoice = await db.Invoices.Include(i => i.Instalments).SingleOrDefaultAsync(i => i.Number == number, ct);
        if (invoice is null)
        {
            return OperationError.NotFound("invoice.notFound", ("invoice", number));
        }

        var altered = new List<string>();
        if (w.IssueDate is { } issue && issue != invoice.IssueDate)
        {
            altered.Add("issueDate");
        }

        if (w.DueDate is { } due && due != invoice.DueDate)
        {
            altered.Add("dueDate");
        }

        if (w.AmountInclTax is { } gross && Currencies.ToMinor(gross, invoice.Currency) != invoice.GrossMinor)
        {
            altered.Add("amountInclTax");
        }

        if (w.Currency is { } currency && !string.Equals(currency, invoice.Currency, StringComparison.OrdinalIgnoreCase))
        {
            altered.Add("currency");
        }

        if (w.Kind != invoice.Kind || (w.Instalments is not null && w.Instalments.Count > 0))
        {
            altered.Add(w.Kind != invoice.Kind ? "kind" : "instalments");
        }

        if (altered.Count > 0)
        {
            return OperationError.Conflict("invoice.immutable", ("fields", altered));
        }

        if (w.PurchaseOrderRef is not null)
        {
            invoice.PurchaseOrderRef = w.PurchaseOrderRef;
        }

        if (w.IsFactored is { } factored)
        {
            invoice.IsFactored = factored;
        }

        if (w.CancelledOn is { } cancelled)
        {
            invoice.CancelledOn = cancelled;
        }

        invoice.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok(invoice);
    }

    public async Task<Result<Payment>> CreatePaymentAsync(PaymentWrite w, CancellationToken ct)
    {
        Guid? customerId = null;
        if (!string.IsNullOrWhiteSpace(w.CustomerRef))
        {
            customerId = await db.Customers.Where(c => c.ExternalRef == w.CustomerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                return OperationError.InvalidField("customerRef", w.CustomerRef, "payment.customerUnknown", ("customer", w.CustomerRef));
            }
        }

        if (await db.Payments.AnyAsync(p => p.Reference == w.Reference, ct))
        {
            return OperationError.Conflict("payment.exists", ("payment", w.Reference));
        }

        var currency = (w.Currency ?? tenant.Currency).ToUpperInvariant();
        if (!Currencies.IsKnown(currency))
        {
            return OperationError.InvalidField("currency", currency, "currency.unknown", ("currency", currency));
        }

        if (w.Amount is null || w.ReceivedOn is null)
        {
            return OperationError.InvalidFields([.. w.Amount is null ? [new FieldError("amount", null, "Required.")] : Array.Empty<FieldError>(),
                .. w.ReceivedOn is null ? [new FieldError("receivedOn", null, "Required.")] : Array.Empty<FieldError>()]);
        }

        var payment = new Payment
        {
            TenantId = tenant.Id,
            CustomerId = customerId,
            Reference = w.Reference?.Trim() ?? "",
            ReceivedOn = w.ReceivedOn.Value,
            AmountMinor = Currencies.ToMinor(w.Amount.Value, currency),
            Currency = currency,
            Method = w.Method,
            PayerName = w.PayerName,
            PayerIban = w.PayerIban?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            Source = "api",
            CreatedAt = clock.GetUtcNow(),
        };
        var errors = LedgerValidation.Payment(payment);
        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors);
        }

        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        return Result.Ok(payment);
    }

    /// <summary>Identifies the payer of a receipt (sets its customer) or corrects the payer's name.</summary>
    public async Task<Result<Payment>> UpdatePaymentAsync(string reference, PaymentWrite w, CancellationToken ct)
    {
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Reference == reference, ct);
        if (payment is null)
        {
            return OperationError.NotFound("payment.notFound", ("payment", reference));
        }

        var allocated = await db.Allocations.AnyAsync(a => a.PaymentId == payment.Id, ct);
        if ((w.Amount is { } amount && Currencies.ToMinor(amount, payment.Currency) != payment.AmountMinor) ||
            (w.ReceivedOn is { } received && received != payment.ReceivedOn))
        {
            return OperationError.Conflict("payment.bankFacts");
        }

        if (!string.IsNullOrWhiteSpace(w.CustomerRef))
        {
            var customerId = await db.Customers.Where(c => c.ExternalRef == w.CustomerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                return OperationError.InvalidField("customerRef", w.CustomerRef, "payment.customerUnknown", ("customer", w.CustomerRef));
            }

            if (allocated && payment.CustomerId != customerId)
            {
                return OperationError.Conflict("payment.allocatedElsewhere", ("payment", reference));
            }

            payment.CustomerId = customerId;
        }

        payment.PayerName = w.PayerName ?? payment.PayerName;
        payment.PayerIban = w.PayerIban?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() ?? payment.PayerIban;
        await db.SaveChangesAsync(ct);
        return Result.Ok(payment);
    }

    /// <summary>
    /// Settles (part of) an invoice with a payment or a credit note of the same customer, through the ledger's one
    /// allocation operation (<see cref="LedgerAllocations"/>): amount by default what both sides allow. A credit note may be
    /// applied to an invoice sold under notified factoring (reported to the factor as a deduction); a payment may not.
    /// </summary>
    public async Task<Result<Allocation>> AllocateAsync(AllocationWrite w, string source, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(w);
        if ((w.PaymentReference is null) == (w.CreditNoteNumber is null))
        {
            return OperationError.InvalidField("paymentReference", null, "allocation.oneSource");
        }

        var invoiceCurrency = await db.Invoices.Where(i => i.Number == w.InvoiceNumber && i.Kind == DocumentKind.Invoice).Select(i => i.Currency).FirstOrDefaultAsync(ct);
        if (invoiceCurrency is null)
        {
            return OperationError.InvalidField("invoiceNumber", w.InvoiceNumber, "allocation.noInvoiceNumber", ("invoice", w.InvoiceNumber));
        }

        var request = new SettlementRequest(source, actor)
        {
            Lines = [new SettlementLine(w.InvoiceNumber, AmountMinor: w.Amount is { } a ? Currencies.ToMinor(a, invoiceCurrency) : null)],
            On = w.AllocatedOn,
            WriteOffToleranceMinor = w.WriteOffUpTo is { } tolerance ? Currencies.ToMinor(tolerance, invoiceCurrency) : 0,
        };
        if (w.PaymentReference is not null)
        {
            var paymentId = await db.Payments.Where(p => p.Reference == w.PaymentReference).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(ct);
            if (paymentId is null)
            {
                return OperationError.InvalidField("paymentReference", w.PaymentReference, "allocation.noPaymentReference", ("payment", w.PaymentReference));
            }

            request = request with { PaymentId = paymentId };
        }
        else
        {
            var noteId = await db.Invoices.Where(i => i.Number == w.CreditNoteNumber && i.Kind == DocumentKind.CreditNote).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
            if (noteId is null)
            {
                return OperationError.InvalidField("creditNoteNumber", w.CreditNoteNumber, "allocation.noCreditNoteNumber", ("creditNote", w.CreditNoteNumber));
            }

            // A credit note a person applies to an invoice sold under notified factoring reduces what the customer owes the
            // factor; the factor is told on the next bordereau (deductions, ADR 1820). Payments stay refused: those are the factor's.
            request = request with { CreditNoteId = noteId, AllowFactored = true };
        }

        // A person's (or a key's) lettering: in the audit trail under its own action.
        using var audit = db.AuditAs("allocation.manual");
        var settled = await new LedgerAllocations(db, tenant, clock).SettleAsync(request, ct);
        return settled.Map(s => s.Allocations[0]);
    }

    public async Task<Result<Guid>> RemoveAllocationAsync(Guid id, string actor, CancellationToken ct)
    {
        using var audit = db.AuditAs("allocation.removed");
        return await new LedgerAllocations(db, tenant, clock).RemoveAsync(id, actor, ct);
    }

    /// <summary>The tenant's ledger rules (how credit notes settle invoices). Switching to automatic applies open credit notes now.</summary>
    public async Task<Result<LedgerSettingsDto>> UpdateSettingsAsync(LedgerSettingsWrite w, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(w);
        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id, ct);
        if (w.CreditNotes is { } rule)
        {
            if (!Enum.IsDefined(rule))
            {
                return OperationError.InvalidField("creditNotes", rule.ToString(), "ledger.creditNoteRule");
            }

            row.CreditNoteApplication = rule;
            tenant.CreditNoteApplication = rule;
            await db.SaveChangesAsync(ct);
            if (rule == CreditNoteApplication.Automatic)
            {
                var ledger = new LedgerAllocations(db, tenant, clock);
                var customers = await db.Invoices.Where(i => i.Kind == DocumentKind.CreditNote && i.CancelledOn == null && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
                    .Select(i => i.CustomerId).Distinct().ToListAsync(ct);
                foreach (var customerId in customers)
                {
                    var applied = await ledger.ApplyCreditNotesAsync(customerId, actor, ct);
                    if (!applied.IsOk)
                    {
                        return Result<LedgerSettingsDto>.Fail(applied.Error!);
                    }
                }
            }
        }

        return Result.Ok(new LedgerSettingsDto(row.CreditNoteApplication));
    }

    private void Apply(Customer customer, CustomerWrite w)
    {
        // What the write leaves out keeps its value (a new customer: a business, not paying by direct debit).
        customer.Kind = w.Kind ?? customer.Kind;
        customer.Siren = Clean(w.Siren) ?? customer.Siren;
        customer.Siret = Clean(w.Siret) ?? customer.Siret;
        customer.VatNumber = w.VatNumber?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() ?? customer.VatNumber;
        if (w.Address is not null)
        {
            customer.BillingAddress = w.Address.ToAddress();
        }

        customer.Language = w.Language ?? customer.Language;
        customer.Segment = w.Segment ?? customer.Segment;
        customer.Collector = w.Collector ?? customer.Collector;
        customer.CreditLimitMinor = w.CreditLimit is { } limit ? Currencies.ToMinor(limit, tenant.Currency) : customer.CreditLimitMinor;
        customer.PaymentTerms = w.PaymentTerms ?? customer.PaymentTerms;
        customer.PaysByDirectDebit = w.PaysByDirectDebit ?? customer.PaysByDirectDebit;
        if (w.Contacts is not null)
        {
            customer.Contacts.Clear();
            customer.Contacts.AddRange(w.Contacts.Select(c => new Contact
            {
                TenantId = tenant.Id, CustomerId = customer.Id, Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone, IsPrimary = c.IsPrimary,
            }));
        }

        customer.UpdatedAt = clock.GetUtcNow();
    }

    private static string? Clean(string? digits) => digits?.Replace(" ", "", StringComparison.Ordinal);
}
