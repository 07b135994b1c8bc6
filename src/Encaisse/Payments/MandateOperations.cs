using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Payments.Sepa;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>A SEPA direct-debit mandate as a surface gives it (CLI <c>sepa mandate add</c>, <c>POST /api/v1/sepa/mandates</c>).</summary>
public sealed record MandateInput(string? CustomerRef, string? Reference, DateOnly SignedOn, string? Iban, string? Bic, string? DebtorName);

/// <summary>
/// Records SEPA direct-debit mandates: the one writer, whichever surface asks. A recorded mandate makes its customer
/// pay by direct debit (its invoices go into the next <c>sepa collect</c>).
/// </summary>
public static class MandateOperations
{
    /// <summary>
    /// Checks every field (reference charset, IBAN check digits, known customer, reference not used yet) and reports
    /// all that are wrong at once (<c>mandate.invalid</c> with one field error each); nothing is written on a refusal.
    /// </summary>
    public static async Task<Result<Mandate>> AddAsync(EncaisseDb db, MandateInput input, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new List<FieldError>();
        void Refuse(string field, string? value, string code, params (string Name, object? Value)[] data) =>
            errors.Add(new FieldError(field, value, Catalogue.Text(Catalogue.English, "error." + code, data)));

        var reference = input.Reference?.Trim();
        if (reference is null || !Mandate.IsValidReference(reference))
        {
            Refuse("reference", input.Reference, "mandate.reference");
        }

        var iban = Iban.Normalize(input.Iban);
        if (!Iban.IsValid(iban))
        {
            Refuse("iban", input.Iban, "mandate.iban");
        }

        var customer = string.IsNullOrWhiteSpace(input.CustomerRef) ? null : await db.Customers.FirstOrDefaultAsync(c => c.ExternalRef == input.CustomerRef, ct);
        if (customer is null)
        {
            Refuse("customerRef", input.CustomerRef, "customer.notFound", ("customer", input.CustomerRef));
        }

        if (errors.Count == 0 && await db.Set<Mandate>().AnyAsync(m => m.Reference == reference, ct))
        {
            Refuse("reference", reference, "mandate.exists", ("reference", reference));
        }

        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors, "mandate.invalid");
        }

        var mandate = new Mandate
        {
            TenantId = db.TenantId, CustomerId = customer!.Id, Reference = reference!, SignedOn = input.SignedOn, DebtorIban = iban!,
            DebtorBic = string.IsNullOrWhiteSpace(input.Bic) ? null : input.Bic.Trim().ToUpperInvariant(),
            DebtorName = string.IsNullOrWhiteSpace(input.DebtorName) ? customer.LegalName : input.DebtorName.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(mandate);
        customer.PaysByDirectDebit = true;
        customer.UpdatedAt = mandate.CreatedAt;
        await db.SaveChangesAsync(ct);
        return Result.Ok(mandate);
    }
}
