using System.Data.Common;
using Encaisse.Formats.Storage;
using Encaisse.Ledger;

namespace Encaisse.Legal;

/// <summary>One imported invoice that lacks mandatory mentions (codes of <see cref="InvoiceMentions"/>).</summary>
public sealed record InvoiceMentionGaps(string Number, string CustomerRef, IReadOnlyList<string> Missing);

/// <summary>
/// Warnings of an import about invoice mentions (french-law.md §4): never errors, the import is written anyway.
/// <see cref="ByMention"/> counts every imported invoice; <see cref="Invoices"/> lists the first
/// <see cref="MentionWarnings.MaxListed"/> of them.
/// </summary>
public sealed class MentionWarnings
{
    public const int MaxListed = 200;

    public int InvoicesChecked { get; set; }
    public int InvoicesWithGaps { get; set; }
    /// <summary>Mention code → number of imported invoices that lack it.</summary>
    public SortedDictionary<string, int> ByMention { get; } = new(StringComparer.Ordinal);
    /// <summary>Mention code → what it is and its legal basis.</summary>
    public SortedDictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    public List<InvoiceMentionGaps> Invoices { get; } = [];
    /// <summary>Mentions the ledger cannot verify (invoice lines, printed texts...): check them on the invoices themselves.</summary>
    public IReadOnlyList<string> NotVerifiable { get; set; } = [];
}

/// <summary>
/// Checks the mentions of the invoices an import just wrote, inside its transaction. What the ledger knows of a
/// mention depends on the tenant and the customer only (number, dates are always there), so the check runs once
/// per customer and the invoices are then streamed (two columns) to count and list them.
/// </summary>
internal static class ImportMentions
{
    public static async Task<MentionWarnings> CheckAsync(Staging staging, Tenant tenant, CancellationToken ct)
    {
        var gapsByCustomer = new Dictionary<string, IReadOnlyList<MentionCheck>>(StringComparer.Ordinal);
        var notVerifiable = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new MentionWarnings();
        // The outcome depends only on which customer facts are present: check each combination once.
        var byShape = new Dictionary<(CustomerKind, bool, bool, bool, bool, string), MentionsReport>();
        // One aggregate over the staged invoices, joined to their customers: counts for the whole file.
        await staging.ReadAsync("""
            SELECT c.external_ref, c.kind, c.legal_name, c.siren, c.siret, c.vat_number, c.billing_line1, c.billing_city, c.billing_country, s.n
            FROM (SELECT customer_ref, COUNT(*) AS n FROM stage_invoice WHERE kind = 'Invoice' GROUP BY customer_ref) s
            JOIN customers c ON c.tenant_id = @t AND c.external_ref = s.customer_ref
            """, r =>
        {
            var customer = CustomerOf(r);
            var count = Convert.ToInt32(r.GetValue(9), System.Globalization.CultureInfo.InvariantCulture);
            var facts = InvoiceMentions.FactsFrom(tenant, customer,
                new Invoice { Number = "-", IssueDate = new DateOnly(2000, 1, 1), DueDate = new DateOnly(2000, 1, 1), TaxMinor = 1 });
            var shape = (customer.Kind, Has(facts.CustomerName), Has(facts.CustomerAddress), Has(facts.CustomerSiren), Has(facts.CustomerVat), facts.CustomerCountry);
            if (!byShape.TryGetValue(shape, out var report))
            {
                byShape[shape] = report = InvoiceMentions.Check(facts);
                notVerifiable.UnionWith(report.NotVerifiable.Select(c => c.Code));
                foreach (var check in report.Missing)
                {
                    warnings.Labels[check.Code] = $"{check.Label} ({check.Basis})";
                }
            }

            gapsByCustomer[customer.ExternalRef] = report.Missing;
            warnings.InvoicesChecked += count;
            if (report.Missing.Count > 0)
            {
                warnings.InvoicesWithGaps += count;
                foreach (var gap in report.Missing)
                {
                    warnings.ByMention[gap.Code] = warnings.ByMention.GetValueOrDefault(gap.Code) + count;
                }
            }

            return true;
        }, ct);

        warnings.NotVerifiable = notVerifiable.ToList();
        if (warnings.InvoicesWithGaps == 0)
        {
            return warnings;
        }

        // In the order the rows were staged (the file's), stopping at the first MaxListed.
        // When every customer has gaps (a tenant-level gap, the common case) the first rows are the ones to list.
        var limit = gapsByCustomer.Values.All(g => g.Count > 0) ? $" LIMIT {MentionWarnings.MaxListed}" : "";
        await staging.ReadAsync("SELECT number, customer_ref FROM stage_invoice WHERE kind = 'Invoice'" + limit, r =>
        {
            var customerRef = r.GetString(1);
            if (gapsByCustomer.TryGetValue(customerRef, out var gaps) && gaps.Count > 0)
            {
                warnings.Invoices.Add(new InvoiceMentionGaps(r.GetString(0), customerRef, gaps.Select(g => g.Code).ToList()));
            }

            return warnings.Invoices.Count < MentionWarnings.MaxListed;
        }, ct);
        return warnings;
    }

    private static Customer CustomerOf(DbDataReader r) => new()
    {
        ExternalRef = r.GetString(0),
        Kind = Enum.TryParse<CustomerKind>(r.GetString(1), out var kind) ? kind : CustomerKind.Business,
        LegalName = r.GetString(2),
        Siren = Text(r, 3),
        Siret = Text(r, 4),
        VatNumber = Text(r, 5),
        BillingAddress = new PostalAddress { Line1 = Text(r, 6), City = Text(r, 7), Country = Text(r, 8) ?? "FR" },
    };

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
