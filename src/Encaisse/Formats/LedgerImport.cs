using Encaisse.Formats.Fec;
using Encaisse.Formats.Storage;
using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Formats;

/// <summary>Options of one import.</summary>
public sealed record ImportOptions
{
    /// <summary>Write the valid rows and report the others, instead of rejecting the whole file.</summary>
    public bool SkipInvalid { get; init; }
    /// <summary>Called now and then with the fraction of the file read (0 to 1).</summary>
    public Action<double>? Progress { get; init; }
    /// <summary>Called now and then with the number of rows (FEC: lines) read so far, and once at the end of the reading.</summary>
    public Action<long>? RowsRead { get; init; }
    public FecOptions Fec { get; init; } = new();
}

/// <summary>
/// Imports a customers, invoices, payments or FEC file into a tenant's ledger: all-or-nothing by default (one
/// transaction, rolled back when any row is invalid), streaming rows into staging tables then applying them
/// set-based. Peak memory is bounded by the distinct keys of the file, not by its rows.
/// </summary>
public static class LedgerImport
{
    public static async Task<ImportReport> RunAsync(DatabaseFactory database, Tenant tenant, ImportKind kind, string name, Stream stream,
        ImportOptions options, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var issues = new ImportIssues();
        var report = new ImportReport { Kind = kind, File = Path.GetFileName(name), SkipInvalid = options.SkipInvalid };
        await using var staging = await Staging.BeginAsync(database, tenant.Id, clock.GetUtcNow(), ct);
        var writer = new LedgerWriter(staging, issues, options.SkipInvalid);
        // Invoices file with a factor column: invoice numbers per factor, sold once the file is written.
        var sold = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var ok = kind == ImportKind.Fec
            ? await FecAsync(staging, writer, tenant, stream, options, issues, report, ct)
            : await TabularAsync(database, staging, writer, tenant, kind, name, stream, options, issues, report, sold, ct);
        report.Rejected = issues.RejectedLines;
        report.ErrorCount = issues.Count;
        report.Errors = issues.Items;
        if (ok)
        {
            if (kind is ImportKind.Invoices or ImportKind.Fec)
            {
                // Missing invoice mentions are warnings: the import is written anyway.
                report.Mentions = await Legal.ImportMentions.CheckAsync(staging, tenant, ct);
            }

            await staging.CommitAsync(ct);
            report.Written = true;
            if (sold.Count > 0)
            {
                report.Factoring = await ImportFactoring.AssignAsync(database, tenant, sold, clock, ct);
            }
        }
        else
        {
            report.Written = false;
            report.Created = 0;
            report.Updated = 0;
            report.Customers = report.Invoices = report.Payments = report.Allocations = null;
        }

        return report;
    }

    public static async Task<ImportReport> RunAsync(DatabaseFactory database, Tenant tenant, ImportKind kind, string path,
        ImportOptions options, TimeProvider clock, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return await RunAsync(database, tenant, kind, path, stream, options, clock, ct);
    }

    /// <summary>Passes the rows through, telling <paramref name="rowsRead"/> the count every 1,000 rows and at the end.</summary>
    private static IEnumerable<T> Counted<T>(IEnumerable<T> rows, Action<long>? rowsRead)
    {
        if (rowsRead is null)
        {
            foreach (var row in rows)
            {
                yield return row;
            }

            yield break;
        }

        long count = 0;
        foreach (var row in rows)
        {
            if (++count % 1000 == 0)
            {
                rowsRead(count);
            }

            yield return row;
        }

        rowsRead(count);
    }

    private static bool Rejected(ImportIssues issues, ImportOptions options) =>
        issues.FileRejected || (issues.Count > 0 && !options.SkipInvalid);

    private static async Task<bool> TabularAsync(DatabaseFactory database, Staging staging, LedgerWriter writer, Tenant tenant, ImportKind kind, string name, Stream stream,
        ImportOptions options, ImportIssues issues, ImportReport report, Dictionary<string, List<string>> sold, CancellationToken ct)
    {
        using var file = OpenTabular(name, stream, issues);
        if (file is null)
        {
            return false;
        }

        report.Format = file.Format;
        report.Encoding = file.Encoding;
        report.Separator = file.Separator switch { null => null, '\t' => "tab", var c => c.ToString() };
        var rows = LedgerRows.Create(kind, file.Headers, issues, tenant.Currency);
        report.IgnoredColumns = rows.Map.Ignored;
        if (issues.FileRejected)
        {
            return false;
        }

        Action<int>? progress = options.Progress is null ? null : _ => options.Progress(file.Progress);
        var source = file.Format;
        var fileRows = Counted(file.Rows, options.RowsRead);
        try
        {
            return await ApplyRowsAsync();
        }
        catch (TabularFormatException e)
        {
            // Nothing was applied: rows are staged first and applied only once the whole file was read.
            issues.AddFileIssue(e.Line, null, null, "The file cannot be read as CSV: " + e.Reason + ".");
            return false;
        }

        async Task<bool> ApplyRowsAsync()
        {
            switch (kind)
            {
                case ImportKind.Customers:
                    {
                        var count = 0;
                        await LedgerWriter.StageCustomersAsync(staging, rows.Customers(fileRows).Select(c => { count++; return c; }), ct);
                        report.Records = count;
                        if (Rejected(issues, options))
                        {
                            return false;
                        }

                        report.Customers = await writer.ApplyCustomersAsync(ct);
                        (report.Created, report.Updated) = (report.Customers.Created, report.Customers.Updated);
                        break;
                    }

                case ImportKind.Invoices:
                    {
                        var customers = new Dictionary<string, ParsedCustomer>(StringComparer.Ordinal);
                        var invoices = rows.Invoices(fileRows);
                        if (rows.Map.Has(Field.Factor))
                        {
                            var factors = await ImportFactoring.KnownFactorsAsync(database, tenant, ct);
                            invoices = ImportFactoring.Checked(invoices, factors, sold, issues, rows.Map.HeaderOf(Field.Factor));
                        }

                        report.Records = await LedgerWriter.StageInvoicesAsync(staging, invoices, customers, [], progress, ct);
                        if (Rejected(issues, options))
                        {
                            return false;
                        }

                        await LedgerWriter.StageCustomersAsync(staging, customers.Values, ct);
                        customers.Clear();
                        report.Customers = await writer.ApplyCustomersAsync(ct);
                        if (!await writer.CheckCustomersExistAsync("stage_invoice", rows.Map.HeaderOf(Field.CustomerRef), ct))
                        {
                            return false;
                        }

                        report.Invoices = await writer.ApplyInvoicesAsync(source, ct);
                        (report.Created, report.Updated) = (report.Invoices.Created, report.Invoices.Updated);
                        break;
                    }

                case ImportKind.Payments:
                    {
                        report.Records = await LedgerWriter.StagePaymentsAsync(staging, rows.Payments(fileRows), ct);
                        if (Rejected(issues, options))
                        {
                            return false;
                        }

                        if (!await writer.CheckCustomersExistAsync("stage_payment", rows.Map.HeaderOf(Field.CustomerRef), ct))
                        {
                            return false;
                        }

                        report.Payments = await writer.ApplyPaymentsAsync(source, ct);
                        (report.Created, report.Updated) = (report.Payments.Created, report.Payments.Updated);
                        report.Allocations = await writer.AllocatePaymentsAsync(rows.Map.HeaderOf(Field.Number), ct);
                        if (issues.Count > 0 && !options.SkipInvalid)
                        {
                            return false;
                        }

                        break;
                    }

                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }

            options.Progress?.Invoke(1);
            return true;
        }
    }

    private static TabularFile? OpenTabular(string name, Stream stream, ImportIssues issues)
    {
        if (stream.CanSeek && stream.Length == 0)
        {
            issues.AddFileIssue(null, "The file is empty.");
            return null;
        }

        try
        {
            var file = TabularFile.Open(name, stream);
            if (file.Headers.Count == 0 || file.Headers.All(string.IsNullOrWhiteSpace))
            {
                issues.AddFileIssue(null, "The file is empty or has no header row.");
                file.Dispose();
                return null;
            }

            return file;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            issues.AddFileIssue(null, "The file cannot be read as CSV or Excel (.xlsx): " + e.Message);
            return null;
        }
    }

    private static async Task<bool> FecAsync(Staging staging, LedgerWriter writer, Tenant tenant, Stream stream, ImportOptions options,
        ImportIssues issues, ImportReport report, CancellationToken ct)
    {
        _ = tenant;
        report.Format = "fec";
        var encoding = TabularFile.DetectEncoding(stream);
        report.Encoding = encoding.WebName;
        FecLedger ledger;
        using (var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true))
        {
            ledger = FecLedger.Build(Counted(FecReader.Read(reader, issues), options.RowsRead), options.Fec);
        }

        report.Records = ledger.CustomerLines;
        report.OpenInvoices = ledger.OpenInvoiceCount;
        report.OpenInvoicesMinor = ledger.OpenInvoicesMinor;
        if (Rejected(issues, options))
        {
            return false;
        }

        // Fiscal years (docs/import.md "FEC across fiscal years"): when an earlier year is in the ledger already, this
        // file's à-nouveaux restate what that year left open: they settle its open items instead of becoming new ones.
        var year = ledger.FiscalYearStart;
        IReadOnlyList<CarriedSettlement> carried = [];
        if (year is { } start && await writer.HasEarlierFiscalYearAsync(start, ct))
        {
            (ledger, carried) = ledger.WithoutOpening();
            report.OpeningBalances = "reconciled";
        }
        else
        {
            report.OpeningBalances = year is null ? null : "imported";
        }

        report.FiscalYearStart = year;
        await LedgerWriter.StageCustomersAsync(staging, ledger.Customers, ct);
        await LedgerWriter.StageInvoicesAsync(staging, ledger.Invoices, [], [], null, ct);
        await LedgerWriter.StagePaymentsAsync(staging, ledger.Payments, ct);
        await LedgerWriter.StageAllocationsAsync(staging, ledger.Allocations, ct);
        if (year is { } fiscalYear)
        {
            report.NumbersWithYear = await writer.QualifyReusedNumbersAsync(fiscalYear, ct);
        }

        report.Customers = await writer.ApplyCustomersAsync(ct);
        report.Invoices = await writer.ApplyInvoicesAsync("fec", ct);
        report.Payments = await writer.ApplyPaymentsAsync("fec", ct);
        if (year is { } stamped)
        {
            await writer.StampFiscalYearAsync(stamped, ct);
        }

        report.Allocations = await writer.ApplyAllocationsAsync("fec", ct);
        if (report.OpeningBalances == "reconciled")
        {
            var prior = await writer.PriorOpenItemsAsync(year!.Value, carried.Select(c => c.CustomerRef).Distinct(StringComparer.Ordinal).ToList(), ct);
            var (allocations, unplaced) = FecCarryForward.Distribute(carried, prior);
            report.CarriedForward = await writer.ApplyCarriedAsync(allocations, year!.Value, ct);
            report.OpeningUnplacedMinor = unplaced.Values.Sum();
        }
        (report.Created, report.Updated) = (report.Invoices.Created, report.Invoices.Updated);
        options.Progress?.Invoke(1);
        return true;
    }
}
