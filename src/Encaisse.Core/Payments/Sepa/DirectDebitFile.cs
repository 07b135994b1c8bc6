using System.Globalization;
using System.Xml.Linq;
using Encaisse.Ledger;

namespace Encaisse.Payments.Sepa;

/// <summary>pain.008 message versions Encaisse writes.</summary>
public enum Pain008Version
{
    /// <summary>pain.008.001.02 (SEPA rulebook up to 2023, still accepted by French banks).</summary>
    V02 = 0,
    /// <summary>pain.008.001.08 (SEPA rulebook 2023+).</summary>
    V08 = 1,
}

/// <summary>The creditor (the tenant) of a direct-debit file.</summary>
public sealed record DirectDebitCreditor(string Name, string Iban, string? Bic, string CreditorIdentifier);

/// <summary>One collection: an invoice due, under a customer's mandate.</summary>
public sealed record DirectDebitCollection(
    string EndToEndId,
    long AmountMinor,
    string MandateReference,
    DateOnly MandateSignedOn,
    SequenceType Sequence,
    string DebtorName,
    string DebtorIban,
    string? DebtorBic,
    string RemittanceInformation);

/// <summary>
/// Writes a SEPA Core direct-debit initiation (pain.008.001.02 or .001.08): one PmtInf per sequence type (FRST, RCUR)
/// for the requested collection date. Pure: the message id and creation time are given.
/// </summary>
public static class DirectDebitFile
{
    public static XDocument Write(Pain008Version version, string messageId, DateTimeOffset createdAt, DateOnly collectionDate,
        DirectDebitCreditor creditor, IReadOnlyList<DirectDebitCollection> collections)
    {
        ArgumentNullException.ThrowIfNull(creditor);
        ArgumentNullException.ThrowIfNull(collections);
        if (collections.Count == 0)
        {
            throw new ArgumentException("A direct-debit file needs at least one collection.", nameof(collections));
        }

        if (!CreditorIdentifier.IsValid(creditor.CreditorIdentifier))
        {
            throw new ArgumentException($"'{creditor.CreditorIdentifier}' is not a valid SEPA creditor identifier (ICS).", nameof(creditor));
        }

        if (!Iban.IsValid(creditor.Iban))
        {
            throw new ArgumentException("The creditor IBAN is not valid.", nameof(creditor));
        }

        foreach (var c in collections)
        {
            if (!Mandate.IsValidReference(c.MandateReference))
            {
                throw new ArgumentException($"Mandate reference '{c.MandateReference}' is not a valid SEPA reference.", nameof(collections));
            }

            if (!Iban.IsValid(c.DebtorIban))
            {
                throw new ArgumentException($"The debtor IBAN of collection {c.EndToEndId} is not valid.", nameof(collections));
            }

            if (c.AmountMinor <= 0)
            {
                throw new ArgumentException($"Collection {c.EndToEndId} has no positive amount.", nameof(collections));
            }
        }

        XNamespace ns = version == Pain008Version.V02 ? "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02" : "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08";
        var bicElement = version == Pain008Version.V02 ? "BIC" : "BICFI";
        XElement E(string name, params object?[] content) => new(ns + name, content);
        XElement Agent(string? bic) => E("FinInstnId", bic is null ? E("Othr", E("Id", "NOTPROVIDED")) : E(bicElement, bic));
        static string Amount(long minor) => Currencies.FormatInvariant(minor, "EUR");

        var groups = collections.GroupBy(c => c.Sequence).OrderBy(g => g.Key).ToList();
        var root = E("CstmrDrctDbtInitn",
            E("GrpHdr",
                E("MsgId", Text(messageId, 35)),
                E("CreDtTm", createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
                E("NbOfTxs", collections.Count.ToString(CultureInfo.InvariantCulture)),
                E("CtrlSum", Amount(collections.Sum(c => c.AmountMinor))),
                E("InitgPty", E("Nm", Text(creditor.Name, 70)))),
            groups.Select((g, i) => E("PmtInf",
                E("PmtInfId", Text($"{messageId}-{(g.Key == SequenceType.First ? "FRST" : "RCUR")}", 35)),
                E("PmtMtd", "DD"),
                E("NbOfTxs", g.Count().ToString(CultureInfo.InvariantCulture)),
                E("CtrlSum", Amount(g.Sum(c => c.AmountMinor))),
                E("PmtTpInf", E("SvcLvl", E("Cd", "SEPA")), E("LclInstrm", E("Cd", "CORE")), E("SeqTp", g.Key == SequenceType.First ? "FRST" : "RCUR")),
                E("ReqdColltnDt", collectionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                E("Cdtr", E("Nm", Text(creditor.Name, 70))),
                E("CdtrAcct", E("Id", E("IBAN", Iban.Normalize(creditor.Iban)))),
                E("CdtrAgt", Agent(creditor.Bic)),
                E("ChrgBr", "SLEV"),
                E("CdtrSchmeId", E("Id", E("PrvtId", E("Othr", E("Id", Iban.Normalize(creditor.CreditorIdentifier)), E("SchmeNm", E("Prtry", "SEPA")))))),
                g.Select(c => E("DrctDbtTxInf",
                    E("PmtId", E("EndToEndId", Text(c.EndToEndId, 35))),
                    E("InstdAmt", new XAttribute("Ccy", "EUR"), Amount(c.AmountMinor)),
                    E("DrctDbtTx", E("MndtRltdInf", E("MndtId", c.MandateReference), E("DtOfSgntr", c.MandateSignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))),
                    E("DbtrAgt", Agent(c.DebtorBic)),
                    E("Dbtr", E("Nm", Text(c.DebtorName, 70))),
                    E("DbtrAcct", E("Id", E("IBAN", Iban.Normalize(c.DebtorIban)))),
                    E("RmtInf", E("Ustrd", Text(c.RemittanceInformation, 140))))))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), E("Document", root));
    }

    /// <summary>SEPA allows a restricted Latin character set; accents and other characters are transliterated or replaced.</summary>
    internal static string Text(string value, int max)
    {
        var decomposed = value.Normalize(System.Text.NormalizationForm.FormD);
        var sb = new System.Text.StringBuilder(Math.Min(decomposed.Length, max));
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c, StringComparison.Ordinal) ? c : ' ');
            if (sb.Length == max)
            {
                break;
            }
        }

        var text = sb.ToString().Trim();
        return text.Length == 0 ? "NOTPROVIDED" : text;
    }
}

/// <summary>Chooses what to collect: invoices due by the collection date of customers paying by direct debit with a live mandate.</summary>
public static class DirectDebitSelection
{
    public sealed record DueInvoice(Guid InvoiceId, string Number, Guid CustomerId, DateOnly DueDate, long OpenMinor, string Currency);

    /// <summary>One collection per due invoice (EUR only, open amount &gt; 0, mandate signed and not revoked by the collection date).</summary>
    public static IReadOnlyList<(DueInvoice Invoice, Mandate Mandate)> Select(IEnumerable<DueInvoice> invoices, IReadOnlyDictionary<Guid, Mandate> mandateByCustomer, DateOnly collectionDate)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(mandateByCustomer);
        return invoices
            .Where(i => i.Currency == "EUR" && i.OpenMinor > 0 && i.DueDate <= collectionDate)
            .Select(i => (i, m: mandateByCustomer.GetValueOrDefault(i.CustomerId)))
            .Where(x => x.m is not null && x.m.SignedOn <= collectionDate && (x.m.RevokedOn is null || x.m.RevokedOn > collectionDate))
            .Select(x => (x.i, x.m!))
            .OrderBy(x => x.i.DueDate).ThenBy(x => x.i.Number, StringComparer.Ordinal)
            .ToList();
    }
}
