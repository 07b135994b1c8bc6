using Encaisse.Ledger;

namespace Encaisse.Formats.Fec;

/// <summary>How FEC lines become a receivables ledger.</summary>
public sealed record FecOptions
{
    /// <summary>Account prefixes of customer accounts (411 "Clients").</summary>
    public IReadOnlyList<string> CustomerAccountPrefixes { get; init; } = ["411"];
    /// <summary>A FEC has no due date (except the DateRglt variant): issue date + this many days.</summary>
    public int DefaultTermDays { get; init; } = 30;
}

/// <summary>
/// The receivables found in a FEC: customers, invoices (and credit notes), payments, the allocations given by
/// the lettering codes, and what stays open.
/// </summary>
public sealed record FecLedger(
    IReadOnlyList<ParsedCustomer> Customers,
    IReadOnlyList<ParsedInvoice> Invoices,
    IReadOnlyList<ParsedPayment> Payments,
    IReadOnlyList<ParsedAllocation> Allocations,
    int CustomerLines)
{
    /// <summary>Open amount of every invoice (gross minus allocations), by invoice number.</summary>
    public IReadOnlyDictionary<string, long> OpenByInvoice { get; init; } = new Dictionary<string, long>();

    public long OpenInvoicesMinor => OpenByInvoice.Values.Sum();

    public int OpenInvoiceCount => OpenByInvoice.Values.Count(v => v > 0);

    /// <summary>
    /// First day of the file's fiscal year: the date of its opening entries (à-nouveaux) when they share one date,
    /// else the first day of the month of its earliest other entry. Null for a file without entries.
    /// </summary>
    public DateOnly? FiscalYearStart { get; init; }

    /// <summary>Numbers of the documents (invoices and payments) that come from opening journals (AN, ANO, RAN, AD...).</summary>
    public IReadOnlySet<string> OpeningDocuments { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// This ledger without its opening documents, for a file whose previous fiscal year is already in the ledger: the
    /// à-nouveaux restate what the previous year left open, so they must not become receivables (or payments) again.
    /// Lettering that settled an opening debit with a payment or credit note of this year is returned apart, to be
    /// carried to the previous years' open items (<see cref="FecCarryForward.Distribute"/>); lettering between two
    /// opening documents is dropped (the previous year holds it).
    /// </summary>
    public (FecLedger Ledger, IReadOnlyList<CarriedSettlement> Carried) WithoutOpening()
    {
        var opening = OpeningDocuments;
        var customerOf = Invoices.ToDictionary(i => i.Number, i => i.CustomerRef, StringComparer.Ordinal);
        var carried = Allocations
            .Where(a => opening.Contains(a.InvoiceNumber) && !opening.Contains(a.PaymentReference ?? a.CreditNoteNumber ?? ""))
            .Select(a => new CarriedSettlement(customerOf[a.InvoiceNumber], a.PaymentReference, a.CreditNoteNumber, a.AmountMinor, a.AllocatedOn))
            .ToList();
        var ledger = this with
        {
            Invoices = Invoices.Where(i => !opening.Contains(i.Number)).ToList(),
            Payments = Payments.Where(p => !opening.Contains(p.Reference)).ToList(),
            Allocations = Allocations.Where(a => !opening.Contains(a.InvoiceNumber) && !opening.Contains(a.PaymentReference ?? a.CreditNoteNumber ?? "")).ToList(),
            OpenByInvoice = OpenByInvoice.Where(kv => !opening.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
        return (ledger, carried);
    }

    /// <summary>Opening journal: code AN, ANO, AD, RAN (à-nouveaux, report à nouveau) or a label saying "nouveau(x)".</summary>
    public static bool IsOpeningJournal(FecLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var code = line.JournalCode.Trim().ToUpperInvariant();
        return code is "AN" or "ANO" or "AD" or "RAN" or "ANX" or "ANC" || Columns.Normalize(line.JournalLib).Contains("nouveau", StringComparison.Ordinal);
    }

    /// <summary>
    /// Maps customer-account lines: each (journal, entry, date, piece, customer, side) is one document. Debits in
    /// a sales journal are invoices; credits in a sales journal are credit notes; credits elsewhere are payments;
    /// debits elsewhere (opening balances, rejected payments, refunds) are invoices too, so that balances agree
    /// with the books. A lettering code groups a customer account's debits and credits that settle each other:
    /// credits are allocated to debits of the same code, earliest first; an unbalanced group (partial
    /// lettering) leaves the difference open.
    /// </summary>
    public static FecLedger Build(IEnumerable<FecLine> lines, FecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        options ??= new FecOptions();
        var customers = new Dictionary<string, ParsedCustomer>(StringComparer.Ordinal);
        var documents = new Dictionary<(string, string, DateOnly, string, string, bool), Document>();
        var customerLines = 0;
        var openingDates = new HashSet<DateOnly>();
        DateOnly? firstOther = null;
        var openingDocuments = new HashSet<(string, string, DateOnly, string, string, bool)>();
        foreach (var line in lines)
        {
            if (IsOpeningJournal(line))
            {
                openingDates.Add(line.EcritureDate);
            }
            else if (firstOther is null || line.EcritureDate < firstOther)
            {
                firstOther = line.EcritureDate;
            }

            if (!options.CustomerAccountPrefixes.Any(p => line.CompteNum.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            customerLines++;
            var customerRef = line.CompAuxNum.Length > 0 ? line.CompAuxNum : line.CompteNum;
            if (!customers.ContainsKey(customerRef))
            {
                var name = line.CompAuxLib.Length > 0 ? line.CompAuxLib : line.CompteLib.Length > 0 ? line.CompteLib : customerRef;
                customers[customerRef] = new ParsedCustomer(line.Line, customerRef, name, CustomerKind.Business);
            }

            var amount = line.Debit - line.Credit;
            if (amount == 0)
            {
                continue;
            }

            var isDebit = amount > 0;
            var key = (line.JournalCode, line.EcritureNum, line.EcritureDate, line.PieceRef, customerRef, isDebit);
            if (!documents.TryGetValue(key, out var document))
            {
                document = new Document(line, customerRef, isDebit, IsSalesJournal(line));
                documents[key] = document;
                if (IsOpeningJournal(line))
                {
                    openingDocuments.Add(key);
                }
            }

            var minor = Currencies.ToMinor(Math.Abs(amount), "EUR");
            document.AmountMinor = checked(document.AmountMinor + minor);
            var letter = line.EcritureLet;
            document.Portions.Add((letter, minor));
        }

        var ordered = documents.Values.OrderBy(d => d.First.Line).ToList();
        Name(ordered.Where(d => d.IsDebit || d.IsSales).ToList());
        Name(ordered.Where(d => !d.IsDebit && !d.IsSales).ToList());

        var invoices = new List<ParsedInvoice>();
        var payments = new List<ParsedPayment>();
        foreach (var d in ordered)
        {
            var f = d.First;
            if (d.IsDebit || d.IsSales)
            {
                var due = f.DueDate is { } rglt && rglt >= f.PieceDate ? rglt : f.PieceDate.AddDays(options.DefaultTermDays);
                invoices.Add(new ParsedInvoice(f.Line, d.Number!, d.CustomerRef, d.IsDebit ? DocumentKind.Invoice : DocumentKind.CreditNote,
                    f.PieceDate, due, "EUR", d.AmountMinor, 0, d.AmountMinor, null, [], null));
            }
            else
            {
                payments.Add(new ParsedPayment(f.Line, d.Number!, d.CustomerRef, f.EcritureDate, d.AmountMinor, "EUR", PaymentMethod.Other, null, null));
            }
        }

        var (allocations, open) = Allocate(ordered);
        DateOnly? start = openingDates.Count == 1 && (firstOther is null || openingDates.First() <= firstOther) ? openingDates.First()
            : firstOther is { } earliest ? new DateOnly(earliest.Year, earliest.Month, 1)
            : openingDates.Count > 0 ? openingDates.Min() : null;
        return new FecLedger(customers.Values.ToList(), invoices, payments, allocations, customerLines)
        {
            OpenByInvoice = open,
            FiscalYearStart = start,
            OpeningDocuments = documents.Where(kv => openingDocuments.Contains(kv.Key)).Select(kv => kv.Value.Number!).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static (List<ParsedAllocation>, Dictionary<string, long>) Allocate(List<Document> documents)
    {
        var allocations = new Dictionary<(string, string?, string?), (long Amount, DateOnly On)>();
        var open = documents.Where(d => d.IsDebit).ToDictionary(d => d.Number!, d => d.AmountMinor, StringComparer.Ordinal);
        var groups = documents
            .SelectMany(d => d.Portions.Where(p => p.Letter.Length > 0).Select(p => (Document: d, p.Letter, p.Minor)))
            .GroupBy(p => (p.Document.First.CompteNum, p.Document.CustomerRef, p.Letter));
        foreach (var group in groups)
        {
            var debits = group.Where(p => p.Document.IsDebit).OrderBy(p => p.Document.First.PieceDate).ThenBy(p => p.Document.First.Line)
                .Select(p => (p.Document, Left: p.Minor)).ToList();
            var credits = group.Where(p => !p.Document.IsDebit).OrderBy(p => p.Document.First.EcritureDate).ThenBy(p => p.Document.First.Line)
                .Select(p => (p.Document, Left: p.Minor)).ToList();
            int i = 0, j = 0;
            while (i < debits.Count && j < credits.Count)
            {
                var amount = Math.Min(debits[i].Left, credits[j].Left);
                var invoice = debits[i].Document;
                var credit = credits[j].Document;
                var key = (invoice.Number!, credit.IsSales ? null : credit.Number, credit.IsSales ? credit.Number : null);
                allocations.TryGetValue(key, out var existing);
                allocations[key] = (existing.Amount + amount, credit.First.EcritureDate);
                open[invoice.Number!] -= amount;
                debits[i] = (invoice, debits[i].Left - amount);
                credits[j] = (credit, credits[j].Left - amount);
                if (debits[i].Left == 0)
                {
                    i++;
                }

                if (credits[j].Left == 0)
                {
                    j++;
                }
            }
        }

        return (allocations.Select(kv => new ParsedAllocation(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value.Amount, kv.Value.On)).ToList(), open);
    }

    /// <summary>
    /// Gives each document a number unique within its kind: the PieceRef when it is unique, else PieceRef
    /// completed by journal and entry number, then date, then customer.
    /// </summary>
    private static void Name(List<Document> documents)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in documents.GroupBy(d => d.BaseNumber))
        {
            var list = group.ToList();
            foreach (var d in list)
            {
                var candidates = list.Count == 1
                    ? new[] { d.BaseNumber }
                    : new[]
                    {
                        $"{d.BaseNumber}/{d.First.JournalCode}{d.First.EcritureNum}",
                        $"{d.BaseNumber}/{d.First.JournalCode}{d.First.EcritureNum}/{d.First.EcritureDate:yyyyMMdd}",
                        $"{d.BaseNumber}/{d.First.JournalCode}{d.First.EcritureNum}/{d.First.EcritureDate:yyyyMMdd}/{d.CustomerRef}",
                    };
                var chosen = candidates.FirstOrDefault(c => list.Count(o => o != d && Candidate(o, candidates, c)) == 0 && !taken.Contains(c));
                if (chosen is null)
                {
                    var k = 2;
                    chosen = candidates[^1] + "#" + k;
                    while (taken.Contains(chosen))
                    {
                        chosen = candidates[^1] + "#" + ++k;
                    }
                }

                taken.Add(chosen);
                d.Number = chosen.Length <= 100 ? chosen : chosen[..100];
            }
        }

        static bool Candidate(Document other, string[] mine, string candidate)
        {
            var level = Array.IndexOf(mine, candidate);
            var f = other.First;
            string[] theirs =
            [
                $"{other.BaseNumber}/{f.JournalCode}{f.EcritureNum}",
                $"{other.BaseNumber}/{f.JournalCode}{f.EcritureNum}/{f.EcritureDate:yyyyMMdd}",
                $"{other.BaseNumber}/{f.JournalCode}{f.EcritureNum}/{f.EcritureDate:yyyyMMdd}/{other.CustomerRef}",
            ];
            return level >= 0 && level < theirs.Length && theirs[level] == candidate;
        }
    }

    /// <summary>Sales journal: code starting VE/VT (VE, VEN, VT, VTE...) or a label mentioning sales.</summary>
    public static bool IsSalesJournal(FecLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var code = line.JournalCode.ToUpperInvariant();
        var label = Columns.Normalize(line.JournalLib);
        return code.StartsWith("VE", StringComparison.Ordinal) || code.StartsWith("VT", StringComparison.Ordinal) ||
            label.Contains("vente", StringComparison.Ordinal) || label.Contains("sales", StringComparison.Ordinal);
    }

    private sealed class Document(FecLine first, string customerRef, bool isDebit, bool isSales)
    {
        public FecLine First { get; } = first;
        public string CustomerRef { get; } = customerRef;
        public bool IsDebit { get; } = isDebit;
        public bool IsSales { get; } = isSales;
        public long AmountMinor { get; set; }
        public List<(string Letter, long Minor)> Portions { get; } = [];
        public string? Number { get; set; }
        public string BaseNumber => First.PieceRef.Length > 0 ? First.PieceRef : First.JournalCode + First.EcritureNum;
    }
}
