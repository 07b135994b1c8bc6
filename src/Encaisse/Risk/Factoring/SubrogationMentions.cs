using Encaisse.Documents;
using Encaisse.Localization;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Factoring;

/// <summary>Invoices of one document sold to one factor, with the account the subrogation mention names.</summary>
public sealed record SubrogatedInvoices(string Factor, string Iban, string? Bic, FactoringMode Mode, IReadOnlyList<string> Invoices);

/// <summary>
/// The subrogation mention (French commercial practice: a sold invoice is paid to the factor, subrogated in the seller's
/// rights) on what Encaisse sends about factored invoices: reminders in every channel, statements, formal notices. The text
/// comes from the catalogue (<c>factoring.subrogation.*</c>) with the factor's name and bank details.
/// </summary>
public static class SubrogationMentions
{
    /// <summary>The documents among <paramref name="documentIds"/> sold to a factor, grouped by factor (none: an empty list).</summary>
    public static async Task<IReadOnlyList<SubrogatedInvoices>> OfAsync(EncaisseDb db, IEnumerable<Guid> documentIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(documentIds);
        var ids = documentIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = new List<(Guid FactorId, string Factor, string Iban, string? Bic, FactoringMode Mode, string Number)>();
        foreach (var chunk in ids.Chunk(500))
        {
            rows.AddRange((await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                                  where chunk.Contains(a.InvoiceId)
                                  join f in db.Set<Factor>().AsNoTracking() on a.FactorId equals f.Id
                                  join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                                  select new { f.Id, f.Name, f.Iban, f.Bic, f.Mode, i.Number }).ToListAsync(ct))
                .Select(r => (r.Id, r.Name, r.Iban, (string?)r.Bic, r.Mode, r.Number)));
        }

        return rows.GroupBy(r => r.FactorId)
            .Select(g => new SubrogatedInvoices(g.First().Factor, g.First().Iban, g.First().Bic, g.First().Mode, g.Select(r => r.Number).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(g => g.Factor, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the tenant sold any invoice at all (documents of tenants without factoring skip the look-up).</summary>
    public static Task<bool> AnyAssignedAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<FactoringAssignment>().AnyAsync(ct);
    }

    /// <summary>One sentence per factor, in <paramref name="language"/>: the invoices, the factor, its IBAN and BIC.</summary>
    public static IReadOnlyList<string> Texts(IReadOnlyList<SubrogatedInvoices> groups, string language)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return groups.Select(g => Catalogue.Text(language, g.Bic is null ? "factoring.subrogation.invoices" : "factoring.subrogation.invoicesBic",
            ("invoices", string.Join(", ", g.Invoices)), ("factor", g.Factor), ("iban", Spaced(g.Iban)), ("bic", g.Bic))).ToList();
    }

    /// <summary>The short form for an SMS: the factor and its IBAN.</summary>
    public static string? Sms(IReadOnlyList<SubrogatedInvoices> groups, string language)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return groups.Count == 0 ? null
            : string.Join(" ", groups.Select(g => Catalogue.Text(language, "factoring.subrogation.sms", ("factor", g.Factor), ("iban", g.Iban))));
    }

    /// <summary>The letter with the mentions as boxed notices (nothing changes without a sold invoice).</summary>
    public static LetterDocument On(LetterDocument letter, IReadOnlyList<string> mentions)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(mentions);
        return mentions.Count == 0 ? letter : letter with { BoxedNotices = [.. letter.BoxedNotices, .. mentions] };
    }

    /// <summary>FR76 3000 6000 … : the IBAN in groups of four, as printed.</summary>
    public static string Spaced(string iban) =>
        string.Join(' ', Enumerable.Range(0, (iban.Length + 3) / 4).Select(i => iban.Substring(i * 4, Math.Min(4, iban.Length - i * 4))));
}
