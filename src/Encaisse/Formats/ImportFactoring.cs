using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Formats;

/// <summary>An invoice of the file the sale to its factor refused (already sold to another, settled, cancelled…), with the reason.</summary>
public sealed record ImportSaleRefused(string Invoice, string Factor, string Code, string Reason);

/// <summary>What the factor column did: invoices sold per factor, those already held by it, and the refusals.</summary>
public sealed record ImportFactoringReport(int Assigned, int AlreadyAssigned, IReadOnlyList<ImportSaleRefused> Refused);

/// <summary>
/// The optional factor column of an invoices file (docs/import.md): the factor must exist (an unknown name rejects the row,
/// with the known names in the error); once the file is written, the invoices are sold through the one assignment operation
/// (<see cref="FactoringOperations.AssignAsync"/>), exactly as <c>encaisse factoring assign</c> would.
/// </summary>
public static class ImportFactoring
{
    public const string Actor = "import";

    public static async Task<IReadOnlyList<string>> KnownFactorsAsync(DatabaseFactory database, Tenant tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tenant);
        await using var db = database.Create(tenant.Id);
        return await db.Set<Factor>().AsNoTracking().OrderBy(f => f.Name).Select(f => f.Name).ToListAsync(ct);
    }

    /// <summary>
    /// Passes the invoices through, recording in <paramref name="sold"/> the numbers per factor (the name as stored; case and
    /// spaces around it do not matter). A row naming an unknown factor, or a credit note naming one, is an issue and is not imported.
    /// </summary>
    public static IEnumerable<ParsedInvoice> Checked(IEnumerable<ParsedInvoice> invoices, IReadOnlyList<string> factors, Dictionary<string, List<string>> sold,
        ImportIssues issues, string column)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(sold);
        ArgumentNullException.ThrowIfNull(issues);
        foreach (var invoice in invoices)
        {
            if (invoice.Factor is not { Length: > 0 } named)
            {
                yield return invoice;
                continue;
            }

            var factor = factors.FirstOrDefault(f => string.Equals(f, named, StringComparison.Ordinal))
                ?? factors.SingleOrDefault(f => string.Equals(f, named, StringComparison.OrdinalIgnoreCase));
            if (factor is null)
            {
                issues.Add(invoice.Line, column, named, factors.Count == 0
                    ? "names a factor, but no factor is recorded: create it first (encaisse factoring factor NAME --iban ..., or the Factoring page)"
                    : $"is not a known factor (known: {string.Join(", ", factors)}); create it first or correct the name");
                continue;
            }

            if (invoice.Kind != DocumentKind.Invoice)
            {
                issues.Add(invoice.Line, column, named, "is given for a credit note: only invoices are sold to a factor");
                continue;
            }

            if (!sold.TryGetValue(factor, out var numbers))
            {
                sold[factor] = numbers = [];
            }

            numbers.Add(invoice.Number);
            yield return invoice;
        }
    }

    /// <summary>
    /// Sells the written invoices to their factor, per factor, all at once; an invoice the assignment refuses (sold to another
    /// factor, settled or cancelled) is reported and left out, and the others are sold.
    /// </summary>
    public static async Task<ImportFactoringReport> AssignAsync(DatabaseFactory database, Tenant tenant, IReadOnlyDictionary<string, List<string>> sold, TimeProvider clock,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(sold);
        ArgumentNullException.ThrowIfNull(clock);
        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        int assigned = 0, already = 0;
        var refused = new List<ImportSaleRefused>();
        foreach (var (factor, all) in sold)
        {
            var numbers = all.Distinct(StringComparer.Ordinal).ToList();
            while (numbers.Count > 0)
            {
                await using var db = database.Create(tenant.Id);
                var result = await FactoringOperations.AssignAsync(db, factor, numbers, Actor, clock, today, ct);
                if (result.IsOk)
                {
                    assigned += result.Value.Assigned.Count;
                    already += result.Value.AlreadyAssigned.Count;
                    break;
                }

                // The operation names the invoice it refused: leave it out, say why, sell the others.
                var error = result.Error!;
                var invoice = error.Data.TryGetValue("invoice", out var named) ? Convert.ToString(named, System.Globalization.CultureInfo.InvariantCulture) : null;
                if (invoice is null || !numbers.Remove(invoice))
                {
                    refused.AddRange(numbers.Select(n => new ImportSaleRefused(n, factor, error.Code, error.Message(Localization.Catalogue.English))));
                    break;
                }

                refused.Add(new ImportSaleRefused(invoice, factor, error.Code, error.Message(Localization.Catalogue.English)));
            }
        }

        return new ImportFactoringReport(assigned, already, refused);
    }
}
