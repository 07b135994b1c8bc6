using System.Globalization;
using System.Text;

namespace Encaisse.Formats;

/// <summary>The meaning of a column, whatever its header says.</summary>
public enum Field
{
    CustomerRef,
    CustomerName,
    CustomerKind,
    Siren,
    Siret,
    VatNumber,
    AddressLine1,
    AddressLine2,
    PostalCode,
    City,
    Country,
    Language,
    Segment,
    PaymentTerms,
    CreditLimit,
    Number,
    DocumentType,
    IssueDate,
    DueDate,
    Amount,
    NetAmount,
    TaxAmount,
    Currency,
    PurchaseOrder,
    Reference,
    PaymentDate,
    PaymentMethod,
    PayerName,
    PayerIban,
    /// <summary>Invoices: the factor the invoice is sold to (affacturage), by its name in Encaisse.</summary>
    Factor,
}

/// <summary>
/// Header synonyms (French and English) per kind of file. Headers are compared after <see cref="Normalize"/>:
/// accents, case, punctuation and a trailing currency word ("(€)", "EUR") do not matter.
/// </summary>
public static class Columns
{
    private static readonly (Field Field, string[] Names)[] CustomerFields =
    [
        (Field.CustomerRef, ["reference client", "ref client", "code client", "numero client", "n client", "no client", "num client", "compte client", "compte auxiliaire", "compte", "customer ref", "customer reference", "customer id", "customer code", "customer number", "customer no", "customer account", "account", "client id", "external ref", "external reference", "compauxnum"]),
        (Field.CustomerName, ["raison sociale", "nom client", "client", "nom", "societe", "entreprise", "denomination", "customer name", "customer", "company", "company name", "legal name", "name", "compauxlib"]),
        (Field.CustomerKind, ["type client", "categorie client", "customer type", "customer kind"]),
        (Field.Siren, ["siren", "n siren", "numero siren", "siren number"]),
        (Field.Siret, ["siret", "n siret", "numero siret", "siret number"]),
        (Field.VatNumber, ["tva", "tva intracommunautaire", "numero tva", "n tva", "tva intracom", "numero de tva intracommunautaire", "n tva intracommunautaire", "numero tva intracommunautaire", "tva intra", "n tva intra", "vat", "vat number", "vat id", "vat no", "tax id"]),
        (Field.AddressLine1, ["adresse", "adresse 1", "adresse ligne 1", "rue", "address", "address 1", "address line 1", "street"]),
        (Field.AddressLine2, ["adresse 2", "adresse ligne 2", "complement d adresse", "complement adresse", "address 2", "address line 2"]),
        (Field.PostalCode, ["code postal", "cp", "postal code", "zip", "zip code", "postcode"]),
        (Field.City, ["ville", "commune", "localite", "city", "town"]),
        (Field.Country, ["pays", "code pays", "country", "country code"]),
        (Field.Language, ["langue", "language", "lang"]),
        (Field.Segment, ["segment", "categorie", "secteur", "category"]),
        (Field.PaymentTerms, ["conditions de paiement", "conditions de reglement", "delai de paiement", "payment terms", "terms"]),
        (Field.CreditLimit, ["plafond", "encours autorise", "limite de credit", "plafond de credit", "credit limit"]),
    ];

    private static readonly (Field Field, string[] Names)[] InvoiceFields =
    [
        (Field.Number, ["numero de facture", "numero facture", "n facture", "no facture", "num facture", "facture", "numero", "n piece", "numero de piece", "piece", "invoice number", "invoice no", "invoice", "invoice id", "invoice ref", "number", "document number"]),
        (Field.DocumentType, ["type", "type de document", "type de piece", "nature", "sens", "document type", "kind"]),
        (Field.IssueDate, ["date de facture", "date facture", "date d emission", "date emission", "date de facturation", "date", "date piece", "invoice date", "issue date", "date issued", "issued on"]),
        (Field.DueDate, ["date d echeance", "date echeance", "echeance", "date limite de paiement", "date de reglement prevue", "due date", "due", "due on", "payment due date"]),
        (Field.Amount, ["montant ttc", "total ttc", "ttc", "montant", "montant total", "net a payer", "amount incl tax", "amount including tax", "amount incl vat", "gross amount", "total incl tax", "total", "amount", "gross"]),
        (Field.NetAmount, ["montant ht", "total ht", "ht", "amount excl tax", "amount excluding tax", "net amount", "amount excl vat", "net"]),
        (Field.TaxAmount, ["montant tva", "tva", "montant de tva", "tva collectee", "tva montant", "total tva", "taxe", "tax", "tax amount", "vat amount"]),
        (Field.Currency, ["devise", "monnaie", "currency", "ccy"]),
        (Field.PurchaseOrder, ["bon de commande", "n commande", "numero de commande", "commande", "reference commande", "purchase order", "po", "po number", "order ref", "order number"]),
        (Field.Factor, ["factor", "affactureur", "societe d affacturage", "affacturage", "cede a", "cedee a", "cession", "factor name", "factoring", "sold to", "assigned to"]),
    ];

    private static readonly (Field Field, string[] Names)[] PaymentFields =
    [
        (Field.Reference, ["reference", "reference paiement", "reference du paiement", "ref paiement", "reference reglement", "n reglement", "numero de reglement", "reference bancaire", "payment reference", "payment ref", "payment id", "reference number", "transaction id", "ref"]),
        (Field.PaymentDate, ["date", "date de paiement", "date paiement", "date de reglement", "date reglement", "date valeur", "date de reception", "payment date", "received on", "value date", "date received"]),
        (Field.Amount, ["montant", "montant regle", "montant paye", "montant recu", "amount", "amount paid", "payment amount", "amount received"]),
        (Field.Currency, ["devise", "monnaie", "currency", "ccy"]),
        (Field.PaymentMethod, ["mode de paiement", "mode de reglement", "moyen de paiement", "mode", "method", "payment method", "payment type"]),
        (Field.PayerName, ["payeur", "nom du payeur", "emetteur", "donneur d ordre", "payer", "payer name"]),
        (Field.PayerIban, ["iban", "iban payeur", "payer iban"]),
        (Field.Number, ["facture", "numero de facture", "n facture", "no facture", "facture reglee", "facture payee", "invoice", "invoice number", "invoice no", "invoice paid", "invoice ref"]),
    ];

    private static readonly Dictionary<ImportKind, Dictionary<string, Field>> Lookup = new()
    {
        [ImportKind.Customers] = Build(CustomerFields),
        [ImportKind.Invoices] = Build([.. InvoiceFields, .. CustomerFields]),
        [ImportKind.Payments] = Build([.. PaymentFields, .. CustomerFields]),
    };

    /// <summary>Columns a file of <paramref name="kind"/> must have.</summary>
    public static IReadOnlyList<Field> Required(ImportKind kind) => kind switch
    {
        ImportKind.Customers => [Field.CustomerRef, Field.CustomerName],
        ImportKind.Invoices => [Field.Number, Field.CustomerRef, Field.IssueDate, Field.DueDate, Field.Amount],
        ImportKind.Payments => [Field.Reference, Field.PaymentDate, Field.Amount],
        _ => [],
    };

    /// <summary>All accepted header names of a field for a kind of file (normalised), for the documentation and errors.</summary>
    public static IEnumerable<string> NamesOf(ImportKind kind, Field field) =>
        Lookup[kind].Where(kv => kv.Value == field).Select(kv => kv.Key);

    /// <summary>Which field a header means in a file of <paramref name="kind"/>, or null when unknown.</summary>
    public static Field? Resolve(ImportKind kind, string? header)
    {
        var key = Normalize(header);
        if (key.Length == 0)
        {
            return null;
        }

        var table = Lookup[kind];
        if (table.TryGetValue(key, out var field))
        {
            return field;
        }

        foreach (var suffix in new[] { " eur", " euro", " euros", " en euros", " en eur" })
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && table.TryGetValue(key[..^suffix.Length], out field))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Lower case, no accents, words separated by one space ("Date d'échéance" → "date d echeance").</summary>
    public static string Normalize(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "";
        }

        var decomposed = header.Trim().TrimStart('\uFEFF').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        // "N°" becomes "n" (° is not a letter); "No." stays "no".
        return sb.ToString();
    }

    private static Dictionary<string, Field> Build((Field Field, string[] Names)[] fields)
    {
        var table = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var (field, names) in fields)
        {
            foreach (var name in names)
            {
                table.TryAdd(Normalize(name), field);
            }
        }

        return table;
    }
}

/// <summary>Where each known field sits in a file's header row, and the headers nobody understood.</summary>
public sealed class ColumnMap
{
    private readonly Dictionary<Field, int> positions = [];

    private ColumnMap(IReadOnlyList<string?> headers) => Headers = headers;

    public IReadOnlyList<string?> Headers { get; }
    public List<string> Ignored { get; } = [];

    /// <summary>Maps <paramref name="headers"/>; a missing required column is a file-level issue.</summary>
    public static ColumnMap Create(ImportKind kind, IReadOnlyList<string?> headers, ImportIssues issues)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(issues);
        var map = new ColumnMap(headers);
        for (var i = 0; i < headers.Count; i++)
        {
            var field = Columns.Resolve(kind, headers[i]);
            if (field is null)
            {
                if (!string.IsNullOrWhiteSpace(headers[i]))
                {
                    map.Ignored.Add(headers[i]!.Trim());
                }

                continue;
            }

            if (!map.positions.TryAdd(field.Value, i))
            {
                map.Ignored.Add(headers[i]!.Trim());
            }
        }

        foreach (var required in Columns.Required(kind))
        {
            if (!map.Has(required))
            {
                var examples = string.Join("\", \"", Columns.NamesOf(kind, required).Take(4));
                issues.AddFileIssue(required.ToString(),
                    $"Required column {required} is missing (accepted headers include \"{examples}\").");
            }
        }

        return map;
    }

    public bool Has(Field field) => positions.ContainsKey(field);

    /// <summary>The header as written in the file, for error messages.</summary>
    public string HeaderOf(Field field) => positions.TryGetValue(field, out var i) ? Headers[i]?.Trim() ?? field.ToString() : field.ToString();

    /// <summary>The trimmed cell of <paramref name="field"/>, or null when the column is absent or the cell empty.</summary>
    public string? Get(TabularRow row, Field field)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!positions.TryGetValue(field, out var i) || i >= row.Cells.Count)
        {
            return null;
        }

        var value = row.Cells[i]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
