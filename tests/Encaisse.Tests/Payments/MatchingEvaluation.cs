using System.Globalization;
using System.Text;
using System.Text.Json;
using Encaisse.Payments.Matching;

namespace Encaisse.Tests.Payments;

/// <summary>
/// Runs the matching engine over the labelled evaluation set (Fixtures/Payments/matching-eval, see its README) and
/// scores it per scenario: an automatic allocation is correct only with exactly the expected invoices and amounts;
/// any automatic allocation of a credit labelled review or unmatched is wrong. Shared by the test that guards
/// precision and by the <c>matching-eval</c> bench command (linked into the bench project).
/// </summary>
public static class MatchingEvaluation
{
    /// <summary>The evaluation folder beside the test binaries, or found upwards from <paramref name="start"/> in a checkout.</summary>
    public static string? FindData(string? start = null)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "matching-eval");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Encaisse.Tests", "Fixtures", "Payments", "matching-eval");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Loads one part ("dev" or "holdout") of every tenant and runs the engine on it, one statement per tenant.</summary>
    public static EvaluationResult Run(string folder, string part, MatchSettings? settings = null)
    {
        var outcomes = new List<CreditOutcome>();
        var elapsed = TimeSpan.Zero;
        foreach (var file in Directory.GetFiles(folder, part + "-*.json").Order(StringComparer.Ordinal))
        {
            var credits = JsonSerializer.Deserialize<CreditFile>(File.ReadAllText(file), Json)
                ?? throw new InvalidDataException(file + " is empty");
            var ledgerFile = JsonSerializer.Deserialize<LedgerFile>(File.ReadAllText(Path.Combine(folder, credits.Ledger)), Json)
                ?? throw new InvalidDataException(credits.Ledger + " is empty");
            var names = ledgerFile.Customers.ToDictionary(c => c.Ref, c => c.Name, StringComparer.Ordinal);
            var invoices = ledgerFile.OpenInvoices
                .Select(i => new OpenInvoice(i.Number, i.Customer, names.GetValueOrDefault(i.Customer), i.IssueDate, i.DueDate, i.OpenMinor, ledgerFile.Currency))
                .ToList();
            var open = invoices.ToDictionary(i => i.Number, i => i.OpenMinor, StringComparer.Ordinal);
            var payers = ledgerFile.KnownPayers.Select(p => new KnownPayer(p.Iban, p.Name, p.Customer)).ToList();
            var inputs = credits.Credits.Select((c, index) => new MatchInput(index, c.BookingDate, c.AmountMinor, c.Currency,
                c.CounterpartyName, c.CounterpartyIban, c.RemittanceLines.Count == 0 ? null : string.Join(' ', c.RemittanceLines), c.EndToEndId)).ToList();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = new MatchingEngine(invoices, payers, settings).Match(inputs);
            elapsed += clock.Elapsed;
            var proposals = run.Matches.ToDictionary(m => m.Transaction);
            for (var index = 0; index < credits.Credits.Count; index++)
            {
                var credit = credits.Credits[index];
                outcomes.Add(Score(credit, proposals.GetValueOrDefault(index), open));
            }
        }

        return new EvaluationResult(part, outcomes, elapsed);
    }

    private static CreditOutcome Score(CreditDto credit, MatchProposal? proposal, Dictionary<string, long> open)
    {
        var expected = credit.Expected;
        var verdict = (expected.Outcome, proposal) switch
        {
            (_, null) => Verdict.Unmatched,
            ("apply", { Auto: true }) => Fits(proposal, expected.Allocations, expected.FeeFlexMinor, expected.UnallocatedMinor, open) ? Verdict.AutoCorrect : Verdict.AutoWrong,
            (_, { Auto: true }) => Verdict.AutoWrong,
            _ => ShownWrong(proposal, credit, open) ? Verdict.ReviewWrong : Verdict.Review,
        };
        return new CreditOutcome(credit.Id, credit.Scenario, expected.Outcome, verdict, proposal, credit, expected.Why);
    }

    /// <summary>Exactly the expected invoices; amounts equal (or within the fee flex), within each invoice's open amount, same total.</summary>
    private static bool Fits(MatchProposal proposal, IReadOnlyList<AllocationDto>? expected, long flex, long unallocated, Dictionary<string, long> open)
    {
        if (expected is null || proposal.Invoices.Count != expected.Count || proposal.UnallocatedMinor != unallocated)
        {
            return false;
        }

        var want = expected.ToDictionary(a => a.Invoice, a => a.AmountMinor, StringComparer.Ordinal);
        foreach (var allocation in proposal.Invoices)
        {
            if (!want.TryGetValue(allocation.Number, out var amount) || Math.Abs(allocation.AmountMinor - amount) > flex
                || allocation.AmountMinor <= 0 || allocation.AmountMinor > open.GetValueOrDefault(allocation.Number))
            {
                return false;
            }
        }

        return proposal.Invoices.Sum(a => a.AmountMinor) == want.Values.Sum();
    }

    /// <summary>
    /// A review proposal that would mislead the person: another customer; for a credit whose allocation is known, any
    /// other invoices or amounts; for an ambiguous credit, an invoice outside what it most likely pays.
    /// </summary>
    private static bool ShownWrong(MatchProposal proposal, CreditDto credit, Dictionary<string, long> open)
    {
        var expected = credit.Expected;
        if (expected.Customer is not null && proposal.CustomerRef is not null && !string.Equals(expected.Customer, proposal.CustomerRef, StringComparison.Ordinal))
        {
            return true;
        }

        if (expected.Outcome == "apply")
        {
            return proposal.Invoices.Count > 0 && !Fits(proposal, expected.Allocations, expected.FeeFlexMinor, expected.UnallocatedMinor, open);
        }

        return expected.Intended is { } intended && proposal.Invoices.Any(i => !intended.Any(a => a.Invoice == i.Number && i.AmountMinor <= a.AmountMinor));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The table of the README: per scenario, then the totals.</summary>
    public static string Table(EvaluationResult result)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"| Scenario ({result.Part}) | credits | matchable | automatic | auto rate | auto wrong | precision | review | wrong in review | unmatched |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in result.Outcomes.GroupBy(o => o.Scenario).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(Row(group.Key, new ScenarioStats(group.ToList())));
        }

        sb.AppendLine(Row("**all**", result.Total));
        return sb.ToString();
    }

    private static string Row(string name, ScenarioStats s)
    {
        var ci = CultureInfo.InvariantCulture;
        var rate = s.Matchable == 0 ? "—" : (s.AutoCorrectMatchable / (decimal)s.Matchable).ToString("P1", ci);
        var precision = s.Auto == 0 ? "—" : (s.AutoCorrect / (decimal)s.Auto).ToString("P1", ci);
        return string.Create(ci, $"| {name} | {s.Credits} | {s.Matchable} | {s.Auto} | {rate} | {s.AutoWrong} | {precision} | {s.Review} | {s.ReviewWrong} | {s.Unmatched} |");
    }

    /// <summary>One line per credit that went wrong or was not applied automatically (for tuning on the dev part).</summary>
    public static string Details(EvaluationResult result, bool includeMissed, string? only = null)
    {
        var sb = new StringBuilder();
        foreach (var o in result.Outcomes.Where(o => only is not null ? o.Id == only : o.Verdict is Verdict.AutoWrong or Verdict.ReviewWrong
            || includeMissed && o.Expected == "apply" && o.Verdict != Verdict.AutoCorrect))
        {
            var got = o.Proposal is null ? "unmatched"
                : (o.Proposal.Auto ? "AUTO " : "review ") + o.Proposal.CustomerRef + " [" + string.Join(", ", o.Proposal.Invoices.Select(i => i.Number + "=" + i.AmountMinor.ToString(CultureInfo.InvariantCulture)))
                  + "] unallocated " + o.Proposal.UnallocatedMinor.ToString(CultureInfo.InvariantCulture) + " conf " + o.Proposal.Confidence.ToString(CultureInfo.InvariantCulture);
            var want = o.Credit.Expected.Allocations is { } a ? "[" + string.Join(", ", a.Select(i => i.Invoice + "=" + i.AmountMinor.ToString(CultureInfo.InvariantCulture))) + "]" : "";
            sb.Append(CultureInfo.InvariantCulture, $"{o.Verdict,-12} {o.Id} {o.Scenario}: {o.Credit.AmountMinor} '{o.Credit.CounterpartyName}' {o.Credit.CounterpartyIban} \"{string.Join(" | ", o.Credit.RemittanceLines)}\" e2e={o.Credit.EndToEndId}")
              .AppendLine()
              .Append(CultureInfo.InvariantCulture, $"             expected {o.Expected} {want} ({o.Why}); got {got}")
              .AppendLine();
            if (o.Proposal is not null)
            {
                sb.Append("             reasons: ").AppendLine(string.Join("; ", o.Proposal.Reasons.Select(r => r.ToString())));
            }
        }

        return sb.ToString();
    }

    public sealed record CreditFile(string Tenant, string Part, string Ledger, List<CreditDto> Credits);

    public sealed record CreditDto(string Id, string Scenario, DateOnly BookingDate, long AmountMinor, string Currency,
        string? CounterpartyName, string? CounterpartyIban, List<string> RemittanceLines, string? EndToEndId, ExpectedDto Expected);

    public sealed record ExpectedDto(string Outcome, List<AllocationDto>? Allocations, long FeeFlexMinor, long UnallocatedMinor,
        string? Customer, List<AllocationDto>? Intended, string Why);

    public sealed record AllocationDto(string Invoice, long AmountMinor);

    public sealed record LedgerFile(string Tenant, string Currency, List<CustomerDto> Customers, List<InvoiceDto> OpenInvoices, List<PayerDto> KnownPayers);

    public sealed record CustomerDto(string Ref, string Name);

    public sealed record InvoiceDto(string Number, string Customer, DateOnly IssueDate, DateOnly DueDate, long OpenMinor);

    public sealed record PayerDto(string? Iban, string? Name, string Customer);
}

/// <summary>What happened to one credit.</summary>
public enum Verdict
{
    /// <summary>Applied automatically, exactly as labelled.</summary>
    AutoCorrect,
    /// <summary>Applied automatically with any other invoice or amount, or when it had to go to review / stay unmatched.</summary>
    AutoWrong,
    /// <summary>Sent to review with a proposal that does not contradict the label.</summary>
    Review,
    /// <summary>Sent to review with a proposal that would mislead the person (other invoices, other customer).</summary>
    ReviewWrong,
    /// <summary>No proposal.</summary>
    Unmatched,
}

public sealed record CreditOutcome(string Id, string Scenario, string Expected, Verdict Verdict, MatchProposal? Proposal,
    MatchingEvaluation.CreditDto Credit, string Why);

/// <summary>Counts of one scenario (or of all).</summary>
public sealed class ScenarioStats(IReadOnlyList<CreditOutcome> outcomes)
{
    public int Credits => outcomes.Count;
    /// <summary>Credits whose right allocation is known (label apply).</summary>
    public int Matchable => outcomes.Count(o => o.Expected == "apply");
    public int Auto => outcomes.Count(o => o.Verdict is Verdict.AutoCorrect or Verdict.AutoWrong);
    public int AutoCorrect => outcomes.Count(o => o.Verdict == Verdict.AutoCorrect);
    public int AutoCorrectMatchable => outcomes.Count(o => o.Verdict == Verdict.AutoCorrect && o.Expected == "apply");
    public int AutoWrong => outcomes.Count(o => o.Verdict == Verdict.AutoWrong);
    public int Review => outcomes.Count(o => o.Verdict is Verdict.Review or Verdict.ReviewWrong);
    public int ReviewWrong => outcomes.Count(o => o.Verdict == Verdict.ReviewWrong);
    public int Unmatched => outcomes.Count(o => o.Verdict == Verdict.Unmatched);
}

public sealed record EvaluationResult(string Part, IReadOnlyList<CreditOutcome> Outcomes, TimeSpan EngineTime)
{
    public ScenarioStats Total => new(Outcomes);
}
