using Encaisse.Ledger.Api;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>
/// Creates and updates customers, invoices, payments and allocations with the ledger's rules: external keys
/// unique per tenant, issued invoices never altered (a credit note corrects them), allocations never exceeding
/// either side. Used by the API and the CLI; bulk imports have their own set-based path with the same rules.
/// </summary>
public sealed class LedgerOperations(EncaisseDb db, Tenant tenant, TimeProvider clock)
{
    public async Task<Outcome<Customer>> CreateCustomerAsync(CustomerWrite w, CancellationToken ct)
    {
        if (await db.Customers.AnyAsync(c => c.ExternalRef == w.Ref, ct))
        {
            return Outcome<Customer>.Conflict($"A customer with ref '{w.Ref}' already exists.");
        }

        var customer = new Customer { TenantId = tenant.Id, ExternalRef = w.Ref?.Trim() ?? "", LegalName = w.LegalName?.Trim() ?? "", CreatedAt = clock.GetUtcNow() };
        Apply(customer, w);
        var errors = LedgerValidation.Customer(customer);
        if (errors.Count > 0)
        {
            return Outcome<Customer>.Invalid(errors);
        }

        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return Outcome<Customer>.Ok(customer);
    }

    public async Task<Outcome<Customer>> UpdateCustomerAsync(string customerRef, CustomerWrite w, CancellationToken ct)
    {
        var customer = await db.Customers.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return Outcome<Customer>.NotFound($"No customer '{customerRef}'.");
        }

        if (w.LegalName is not null)
        {
            customer.LegalName = w.LegalName.Trim();
        }

        Apply(customer, w);
        var errors = LedgerValidation.Customer(customer);
        if (errors.Count > 0)
        {
            return Outcome<Customer>.Invalid(errors);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<Customer>.Ok(customer);
    }

    public async Task<Outcome<Invoice>> CreateInvoiceAsync(InvoiceWrite w, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == w.CustomerRef, ct);
        if (customer is null)
        {
            return Outcome<Invoice>.Invalid("customerRef", w.CustomerRef, "No customer with this ref: create it first.");
        }

        if (await db.Invoices.AnyAsync(i => i.Number == w.Number, ct))
        {
            return Outcome<Invoice>.Conflict($"Invoice '{w.Number}' already exists; an issued invoice is corrected by a credit note.");
        }

        var currency = (w.Currency ?? tenant.Currency).ToUpperInvariant();
        var errors = new List<FieldError>();
        if (w.IssueDate is null)
        {
            errors.Add(new("issueDate", null, "Required."));
        }

        if (w.AmountInclTax is null)
        {
            errors.Add(new("amountInclTax", null, "Required."));
        }

        if (!Currencies.IsKnown(currency))
        {
            return Outcome<Invoice>.Invalid("currency", currency, "Unknown ISO 4217 currency code.");
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
            return Outcome<Invoice>.Invalid(errors);
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
            NetMinor = w.AmountExclTax is { } net ? Currencies.ToMinor(net, currency) : 0,
            TaxMinor = w.Tax is { } tax ? Currencies.ToMinor(tax, currency) : 0,
            GrossMinor = Currencies.ToMinor(w.AmountInclTax!.Value, currency),
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
            return Outcome<Invoice>.Invalid(errors);
        }

        db.Invoices.Add(invoice);
        await db.SaveChangesAsync(ct);
        return Outcome<Invoice>.Ok(invoice);
    }

    /// <summary>
    /// Changes what may change on an issued invoice: purchase-order reference, factoring flag, cancellation.
    /// Amounts, dates, currency and customer are refused: the law wants a credit note instead.
    /// </summary>
    public async Task<Outcome<Invoice>> UpdateInvoiceAsync(string number, InvoiceWrite w, CancellationToken ct)
    {
        var invoice = await db.Invoices.Include(i => i.Instalments).SingleOrDefaultAsync(i => i.Number == number, ct);
        if (invoice is null)
        {
            return Outcome<Invoice>.NotFound($"No invoice '{number}'.");
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
            return Outcome<Invoice>.Conflict(
                $"An issued invoice cannot be altered ({string.Join(", ", altered)}): issue a credit note and a new invoice instead.");
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
        return Outcome<Invoice>.Ok(invoice);
    }

    public async Task<Outcome<Payment>> CreatePaymentAsync(PaymentWrite w, CancellationToken ct)
    {
        Guid? customerId = null;
        if (!string.IsNullOrWhiteSpace(w.CustomerRef))
        {
            customerId = await db.Customers.Where(c => c.ExternalRef == w.CustomerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                return Outcome<Payment>.Invalid("customerRef", w.CustomerRef, "No customer with this ref.");
            }
        }

        if (await db.Payments.AnyAsync(p => p.Reference == w.Reference, ct))
        {
            return Outcome<Payment>.Conflict($"A payment with reference '{w.Reference}' already exists.");
        }

        var currency = (w.Currency ?? tenant.Currency).ToUpperInvariant();
        if (!Currencies.IsKnown(currency))
        {
            return Outcome<Payment>.Invalid("currency", currency, "Unknown ISO 4217 currency code.");
        }

        if (w.Amount is null || w.ReceivedOn is null)
        {
            return Outcome<Payment>.Invalid([.. w.Amount is null ? [new FieldError("amount", null, "Required.")] : Array.Empty<FieldError>(),
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
            return Outcome<Payment>.Invalid(errors);
        }

        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        return Outcome<Payment>.Ok(payment);
    }

    /// <summary>Identifies the payer of a receipt (sets its customer) or corrects the payer's name.</summary>
    public async Task<Outcome<Payment>> UpdatePaymentAsync(string reference, PaymentWrite w, CancellationToken ct)
    {
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Reference == reference, ct);
        if (payment is null)
        {
            return Outcome<Payment>.NotFound($"No payment '{reference}'.");
        }

        var allocated = await db.Allocations.AnyAsync(a => a.PaymentId == payment.Id, ct);
        if ((w.Amount is { } amount && Currencies.ToMinor(amount, payment.Currency) != payment.AmountMinor) ||
            (w.ReceivedOn is { } received && received != payment.ReceivedOn))
        {
            return Outcome<Payment>.Conflict("The amount and date of a received payment come from the bank and cannot be changed.");
        }

        if (!string.IsNullOrWhiteSpace(w.CustomerRef))
        {
            var customerId = await db.Customers.Where(c => c.ExternalRef == w.CustomerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                return Outcome<Payment>.Invalid("customerRef", w.CustomerRef, "No customer with this ref.");
            }

            if (allocated && payment.CustomerId != customerId)
            {
                return Outcome<Payment>.Conflict("The payment is already allocated to another customer's invoices: remove those allocations first.");
            }

            payment.CustomerId = customerId;
        }

        payment.PayerName = w.PayerName ?? payment.PayerName;
        payment.PayerIban = w.PayerIban?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() ?? payment.PayerIban;
        await db.SaveChangesAsync(ct);
        return Outcome<Payment>.Ok(payment);
    }

    /// <summary>
    /// Settles (part of) an invoice with a payment or a credit note of the same customer. Rows are locked on
    /// PostgreSQL so that two simultaneous allocations cannot over-settle either side.
    /// </summary>
    public async Task<Outcome<Allocation>> AllocateAsync(AllocationWrite w, string source, CancellationToken ct)
    {
        if ((w.PaymentReference is null) == (w.CreditNoteNumber is null))
        {
            return Outcome<Allocation>.Invalid("paymentReference", null, "Give either a payment reference or a credit note number.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == w.InvoiceNumber && i.Kind == DocumentKind.Invoice, ct);
        if (invoice is null)
        {
            return Outcome<Allocation>.Invalid("invoiceNumber", w.InvoiceNumber, "No invoice with this number.");
        }

        await LockAsync("invoices", invoice.Id, ct);
        var invoiceOpen = invoice.GrossMinor - await db.Allocations.Where(a => a.InvoiceId == invoice.Id).SumAsync(a => a.AmountMinor, ct);
        var allocation = new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, Source = source, CreatedAt = clock.GetUtcNow() };
        string sourceCurrency;
        long available;
        if (w.PaymentReference is not null)
        {
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Reference == w.PaymentReference, ct);
            if (payment is null)
            {
                return Outcome<Allocation>.Invalid("paymentReference", w.PaymentReference, "No payment with this reference.");
            }

            if (payment.CustomerId is { } payer && payer != invoice.CustomerId)
            {
                return Outcome<Allocation>.Conflict("The payment belongs to another customer.");
            }

            await LockAsync("payments", payment.Id, ct);
            payment.CustomerId ??= invoice.CustomerId;
            allocation.PaymentId = payment.Id;
            allocation.AllocatedOn = w.AllocatedOn ?? payment.ReceivedOn;
            sourceCurrency = payment.Currency;
            available = payment.AmountMinor - await db.Allocations.Where(a => a.PaymentId == payment.Id).SumAsync(a => a.AmountMinor, ct);
        }
        else
        {
            var note = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == w.CreditNoteNumber && i.Kind == DocumentKind.CreditNote, ct);
            if (note is null)
            {
                return Outcome<Allocation>.Invalid("creditNoteNumber", w.CreditNoteNumber, "No credit note with this number.");
            }

            if (note.CustomerId != invoice.CustomerId)
            {
                return Outcome<Allocation>.Conflict("The credit note belongs to another customer.");
            }

            await LockAsync("invoices", note.Id, ct);
            allocation.CreditNoteId = note.Id;
            allocation.AllocatedOn = w.AllocatedOn ?? note.IssueDate;
            sourceCurrency = note.Currency;
            available = note.GrossMinor - await db.Allocations.Where(a => a.CreditNoteId == note.Id).SumAsync(a => a.AmountMinor, ct);
        }

        var amount = w.Amount is { } a ? Currencies.ToMinor(a, invoice.Currency) : Math.Min(invoiceOpen, available);
        allocation.AmountMinor = amount;
        if (AllocationRules.Check(amount, invoice.Currency, invoiceOpen, sourceCurrency, available) is { } reason)
        {
            return Outcome<Allocation>.Invalid("amount", w.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), reason);
        }

        db.Allocations.Add(allocation);
        db.Add(new TimelineEvent
        {
            TenantId = tenant.Id,
            CustomerId = invoice.CustomerId,
            InvoiceId = invoice.Id,
            At = clock.GetUtcNow(),
            Kind = "payment.allocated",
            Summary = $"{Currencies.FormatFrench(amount, invoice.Currency)} affectés à la facture {invoice.Number}",
            Actor = source,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<Allocation>.Ok(allocation);
    }

    public async Task<Outcome<Guid>> RemoveAllocationAsync(Guid id, CancellationToken ct)
    {
        var allocation = await db.Allocations.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (allocation is null)
        {
            return Outcome<Guid>.NotFound($"No allocation {id}.");
        }

        db.Allocations.Remove(allocation);
        await db.SaveChangesAsync(ct);
        return Outcome<Guid>.Ok(id);
    }

    private async Task LockAsync(string table, Guid id, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Serialises concurrent allocations on the same document (SQLite already has a single writer).
            var sql = table == "payments" ? "SELECT 1 FROM payments WHERE id = {0} FOR UPDATE" : "SELECT 1 FROM invoices WHERE id = {0} FOR UPDATE";
            await db.Database.ExecuteSqlRawAsync(sql, [id], ct);
        }
    }

    private void Apply(Customer customer, CustomerWrite w)
    {
        customer.Kind = w.Kind;
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
        customer.PaysByDirectDebit = w.PaysByDirectDebit;
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
