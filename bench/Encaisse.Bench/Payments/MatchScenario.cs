using System.Globalization;
using Encaisse.Payments.Matching;

namespace Encaisse.Bench.Payments;

/// <summary>A generated bank credit with the invoices it really pays (empty for unrelated credits).</summary>
internal sealed record Labelled(MatchInput Input, string Scenario, string? CustomerRef, IReadOnlyList<string> Invoices);

/// <summary>
/// Realistic noise: references inside free text in many spellings, RF references, one-character typos, grouped
/// payments, partial payments, bank fees deducted, third parties paying, payments without reference identified by
/// the payer's IBAN, and unrelated credits.
/// </summary>
internal static class MatchScenario
{
    private static readonly (string Name, int Weight)[] Mix =
    [
        ("reference-in-text", 36), ("rf-reference", 8), ("typo", 8), ("grouped", 10), ("partial", 6), ("fee-deducted", 6),
        ("third-party", 6), ("iban-no-reference", 10), ("unrelated", 10),
    ];

    public static List<Labelled> Generate(Portfolio portfolio, int count, int seed)
    {
        var random = new Random(seed);
        var used = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        var result = new List<Labelled>(count);
        var total = Mix.Sum(m => m.Weight);
        while (result.Count < count)
        {
            var pick = random.Next(total);
            var scenario = Mix.First(m => (pick -= m.Weight) < 0).Name;
            var labelled = Make(portfolio, scenario, random, used, result.Count);
            if (labelled is not null)
            {
                result.Add(labelled);
            }
        }

        return result;
    }

    private static Labelled? Make(Portfolio p, string scenario, Random random, HashSet<OpenInvoice> used, int index)
    {
        var invoice = p.Invoices[random.Next(p.Invoices.Count)];
        if (scenario != "unrelated" && !used.Add(invoice))
        {
            return null;
        }

        var c = int.Parse(invoice.CustomerRef.AsSpan(4), CultureInfo.InvariantCulture);
        var date = invoice.DueDate.AddDays(random.Next(-10, 40));
        var payerName = p.CustomerNames[c].ToUpperInvariant();
        var iban = p.CustomerIbans[c];
        Labelled Make(long amount, string text, IReadOnlyList<OpenInvoice> paid, string? name = null, string? payerIban = null) =>
            new(new MatchInput(index, date, amount, "EUR", name ?? payerName, payerIban ?? iban, text), scenario, invoice.CustomerRef, paid.Select(i => i.Number).ToList());

        switch (scenario)
        {
            case "reference-in-text":
                return Make(invoice.OpenMinor, Spell(invoice.Number, random, payerName), [invoice]);
            case "rf-reference":
                return Make(invoice.OpenMinor, "VIR SEPA " + CreditorReference.Create(invoice.Number), [invoice]);
            case "typo":
                return Make(invoice.OpenMinor, "REGLEMENT FACTURE " + Typo(invoice.Number, random), [invoice]);
            case "grouped":
            {
                var open = p.ByCustomer[invoice.CustomerRef].Where(i => !ReferenceEquals(i, invoice) && !used.Contains(i)).Take(random.Next(1, 3)).ToList();
                if (open.Count == 0)
                {
                    return Make(invoice.OpenMinor, Spell(invoice.Number, random, payerName), [invoice]);
                }

                foreach (var o in open)
                {
                    used.Add(o);
                }

                var all = open.Prepend(invoice).ToList();
                return Make(all.Sum(i => i.OpenMinor), "PAIEMENT FACTURES " + string.Join(" ", all.Select(i => i.Number)), all);
            }

            case "partial":
                return Make(invoice.OpenMinor / 2, "ACOMPTE " + invoice.Number, [invoice]);
            case "fee-deducted":
                return Make(invoice.OpenMinor - random.Next(50, 400), "/INV/" + invoice.Number + " TRANSFER FROM ABROAD", [invoice]);
            case "third-party":
                return Make(invoice.OpenMinor, "POUR LE COMPTE DE " + payerName + " FACT " + invoice.Number, [invoice], "HOLDING FINANCE " + random.Next(1000), FakeIban(random));
            case "iban-no-reference":
            {
                if (!p.IbanKnown[c])
                {
                    // The payer is not known yet: the engine cannot identify it; label it as such (still matchable by a person).
                    return Make(invoice.OpenMinor, "VIREMENT " + payerName, [invoice]);
                }

                return Make(invoice.OpenMinor, "VIREMENT " + payerName, [invoice]);
            }

            default:
                return new Labelled(new MatchInput(index, date, random.Next(1_000, 500_000), "EUR", "SOMEONE " + random.Next(10_000), FakeIban(random),
                    random.Next(3) switch { 0 => "REMBOURSEMENT ASSURANCE " + random.Next(99_999), 1 => "INTERETS CREDITEURS", _ => "VIR " + random.Next(1_000_000) }),
                    scenario, null, []);
        }
    }

    private static string Spell(string number, Random random, string payer) => random.Next(6) switch
    {
        0 => "FACTURE " + number,
        1 => "Reglement fact. " + number.ToLowerInvariant() + " merci",
        2 => payer + " " + number.Replace("-", " ", StringComparison.Ordinal).Replace("/", " ", StringComparison.Ordinal),
        3 => "VIR SEPA " + payer + " REF " + new string(number.Where(char.IsAsciiLetterOrDigit).ToArray()),
        4 => "INV " + new string(number.Where(char.IsAsciiDigit).ToArray()) + " / COMMANDE 4500" + random.Next(10_000, 99_999),
        _ => "/ROC/" + number + "/",
    };

    private static string Typo(string number, Random random)
    {
        var digits = number.Select((ch, i) => (ch, i)).Where(x => char.IsAsciiDigit(x.ch)).Select(x => x.i).ToList();
        var chars = number.ToCharArray();
        var at = digits[random.Next(digits.Count / 2, digits.Count)];
        chars[at] = chars[at] == '9' ? '8' : (char)(chars[at] + 1);
        return new string(chars);
    }

    private static string FakeIban(Random random) => "FR76" + string.Concat(Enumerable.Range(0, 23).Select(_ => (char)('0' + random.Next(10))));
}

/// <summary>Auto-match rate on matchable credits and precision of the automatic matches.</summary>
internal sealed record Quality(int Matchable, int AutoOnMatchable, int Auto, int AutoCorrect, int Review, int Unrelated, int UnrelatedUnmatched, Dictionary<string, (int Count, int Auto, int Correct)> ByScenario)
{
    public double AutoRate => Matchable == 0 ? 0 : (double)AutoOnMatchable / Matchable;
    public double Precision => Auto == 0 ? 1 : (double)AutoCorrect / Auto;

    public static Quality Of(List<Labelled> labelled, MatchRun run)
    {
        var proposals = run.Matches.ToDictionary(m => m.Transaction);
        int matchable = 0, autoOnMatchable = 0, auto = 0, correct = 0, review = 0, unrelated = 0, unrelatedUnmatched = 0;
        var by = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal);
        foreach (var l in labelled)
        {
            proposals.TryGetValue(l.Input.Index, out var p);
            var isAuto = p is { Auto: true };
            var ok = isAuto && l.Invoices.Count > 0 && p!.Invoices.Select(i => i.Number).Order(StringComparer.Ordinal).SequenceEqual(l.Invoices.Order(StringComparer.Ordinal));
            if (l.Invoices.Count > 0)
            {
                matchable++;
                autoOnMatchable += isAuto ? 1 : 0;
            }
            else
            {
                unrelated++;
                unrelatedUnmatched += p is null ? 1 : 0;
            }

            auto += isAuto ? 1 : 0;
            correct += ok ? 1 : 0;
            review += p is { Auto: false } ? 1 : 0;
            var (n, a, c) = by.GetValueOrDefault(l.Scenario);
            by[l.Scenario] = (n + 1, a + (isAuto ? 1 : 0), c + (ok ? 1 : 0));
        }

        return new Quality(matchable, autoOnMatchable, auto, correct, review, unrelated, unrelatedUnmatched, by);
    }
}
