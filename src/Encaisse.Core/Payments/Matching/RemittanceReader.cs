using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Encaisse.Payments.Matching;

/// <summary>
/// A number read in a remittance text, normalised: <see cref="Digits"/> without leading zeros, joined over spaces,
/// dashes, slashes, dots and the line breaks of remittance fields ("FA-2026-03 47", "F A 2 0 2 6 0 3 4 7" and
/// "2026/0347" all give 20260347). <see cref="Letters"/> are the letters written against it ("FA" in FA20260347,
/// FA-2026 or F A 2 0...), <see cref="Words"/> the two words before it; <see cref="OtherDocument"/> when those say it
/// is not an invoice (order, delivery note, credit note, customer code, SIRET...).
/// </summary>
internal sealed record NumberRead(string Digits, string Written, int Start, int End, string Letters, bool OtherDocument, bool SingleRun)
{
    /// <summary>The digits of the first group as written (FA26-0347 → "26").</summary>
    public string FirstGroup { get; init; } = "";

    /// <summary>The digits of the last group as written (with its leading zeros), when the number is written in several groups.</summary>
    public string? LastGroup { get; init; }
}

/// <summary>An amount written in the text (minor units, two decimals) and where.</summary>
internal readonly record struct AmountRead(int Start, int End, long Minor);

/// <summary>What the engine reads in a remittance text (and end-to-end id): numbers, amounts, codes. Pure and allocation-light.</summary>
internal sealed partial class RemittanceReader
{
    /// <summary>Words that announce an invoice number (never contradict the invoice's own letters).</summary>
    private static readonly HashSet<string> InvoiceCues = new(StringComparer.Ordinal)
    {
        "N", "NO", "NR", "NUM", "NUMERO", "REF", "FACT", "FACTURE", "FACTURES", "FAC", "FCT", "FACTS", "FA", "F", "INV", "INVOICE",
        "V", "VF", "VFACT", "FACTNO", "FACTN", "REGL", "REGLT", "RGLT", "PAIEMENT", "FT", "FTE", "FCTURE",
    };

    /// <summary>Words that say the number after them is something else than an invoice of ours.</summary>
    private static readonly HashSet<string> OtherDocuments = new(StringComparer.Ordinal)
    {
        "AV", "AVOIR", "AVOIRS", "AVO", "BL", "BON", "LIVRAISON", "CDE", "CMD", "COMMANDE", "COMMANDES", "BC", "PO", "DEVIS", "DEV", "CONTRAT",
        "DOSSIER", "DOS", "SIRET", "SIREN", "TVA", "FR", "PRET", "SINISTRE", "CONVENTION", "MANDAT", "RUM", "ICS", "CLIENT", "CLI", "CPT",
        "COMPTE", "NOTRE", "FOURNISSEUR", "FRN", "FOURN", "TEL", "IBAN", "BIC", "POLICE", "CONTRAT", "ADHERENT", "LOT", "ORDRE",
    };

    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{1,3}(?:[ .][0-9]{3})+|[0-9]+)[,.][0-9]{2}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"(?<![0-9])[0-9]{1,2}[/.][0-9]{1,2}[/.](?:[0-9]{4}|[0-9]{2})(?![0-9])|(?<![0-9/.])(?:0?[1-9]|1[0-2])[/.]20[0-9]{2}(?![0-9/.])", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    public string Text { get; }
    public IReadOnlyList<NumberRead> Numbers { get; }
    public IReadOnlyList<AmountRead> Amounts { get; }

    /// <summary>The ISO 11649 RF references of the text with valid check digits.</summary>
    public IReadOnlyList<string> CreditorReferences => creditorReferences ??= Text.Contains("RF", StringComparison.Ordinal) ? [.. CreditorReference.Find(Text)] : [];

    private IReadOnlyList<string>? creditorReferences;

    private RemittanceReader(string text, IReadOnlyList<NumberRead> numbers, IReadOnlyList<AmountRead> amounts)
    {
        Text = text;
        Numbers = numbers;
        Amounts = amounts;
    }

    /// <summary>Upper case without accents, "°" as a space.</summary>
    public static string Normalize(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return text.ToUpperInvariant();
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c is '°' or 'º' or '\r' or '\n' or '\t' ? ' ' : char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }

    public static RemittanceReader Read(string raw)
    {
        var text = Normalize(raw);
        var masked = new bool[text.Length];
        var amounts = new List<AmountRead>();
        foreach (Match m in DatePattern().Matches(text))
        {
            Array.Fill(masked, true, m.Index, m.Length);
        }

        foreach (Match m in AmountPattern().Matches(text))
        {
            if (masked[m.Index])
            {
                continue;
            }

            var digits = new StringBuilder(m.Length);
            foreach (var c in m.ValueSpan)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits.Append(c);
                }
            }

            if (digits.Length <= 16 && long.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                amounts.Add(new AmountRead(m.Index, m.Index + m.Length, minor));
                Array.Fill(masked, true, m.Index, m.Length);
            }
        }

        var runs = new List<(int Start, int End)>();
        for (var i = 0; i < text.Length;)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (Array.IndexOf(masked, true, start, i - start) < 0)
                {
                    runs.Add((start, i));
                }
            }
            else
            {
                i++;
            }
        }

        var numbers = new List<NumberRead>();
        var digitsSb = new StringBuilder(24);
        for (var r = 0; r < runs.Count; r++)
        {
            var (start, _) = runs[r];
            var letters = LettersBefore(text, start, out var lettersStart);
            // "CDE 4512", "BON DE COMMANDE 4512", "COMMANDE N 4512"; but "FOURNISSEUR FACT 4512" names an invoice
            var before = WordsBefore(text, lettersStart).ToList();
            var other = OtherDocuments.Contains(letters)
                || before.Count > 0 && OtherDocuments.Contains(before[0])
                || before.Count > 1 && !InvoiceCues.Contains(before[0]) && OtherDocuments.Contains(before[1]);
            digitsSb.Clear();
            for (var next = r; next < runs.Count && next < r + 16; next++)
            {
                if (next > r)
                {
                    var gap = text.AsSpan(runs[next - 1].End, runs[next].Start - runs[next - 1].End);
                    if (gap.Length > 3 || gap.IndexOfAnyExcept(" -/._") >= 0)
                    {
                        break;
                    }
                }

                digitsSb.Append(text, runs[next].Start, runs[next].End - runs[next].Start);
                if (digitsSb.Length > 20)
                {
                    break;
                }

                var end = runs[next].End;
                if (end < text.Length && char.IsAsciiLetter(text[end]))
                {
                    continue; // "1ERE", "43FA": the digits run into a word, not a number of ours
                }

                var digits = digitsSb.ToString().TrimStart('0');
                if (digits.Length >= 3)
                {
                    numbers.Add(new NumberRead(digits, text[start..end], start, end, letters, other, next == r)
                    {
                        LastGroup = next == r ? null : text[runs[next].Start..end],
                        FirstGroup = text[start..runs[r].End],
                    });
                }
            }
        }

        return new RemittanceReader(text, numbers, amounts);
    }

    /// <summary>Is this a word that announces an invoice number ("FACT", "N", "INV"...)?</summary>
    public static bool IsCue(string word) => InvoiceCues.Contains(word);

    /// <summary>Is this number announced by a cue word ("FACT", "N°", "INV"...) or written against letters?</summary>
    public bool HasCue(NumberRead number) =>
        number.Letters.Length > 0 || WordsBefore(Text, number.Start).Take(1).Any(InvoiceCues.Contains);

    /// <summary>Words that say "an invoice number follows" (not REF, which banks put before their own references).</summary>
    private static readonly HashSet<string> InvoiceWords = new(StringComparer.Ordinal)
    {
        "N", "NO", "NR", "NUM", "NUMERO", "FACT", "FACTURE", "FACTURES", "FAC", "FCT", "FACTS", "INV", "INVOICE", "VFACT", "FT", "FTE",
    };

    /// <summary>Is this number announced as an invoice number ("FACTURE 2607", "N°25415")?</summary>
    public bool AnnouncedAsInvoice(NumberRead number) =>
        InvoiceWords.Contains(number.Letters) || number.Letters.Length == 0 && WordsBefore(Text, number.Start).Take(1).Any(InvoiceWords.Contains);

    /// <summary>The letters written against a number: "FA" for FA20260347, FA-2026, FA/2026, "F A 2 0"; "FACTFA" for FACTFA2026.</summary>
    private static string LettersBefore(string text, int start, out int lettersStart)
    {
        lettersStart = start;
        var i = start - 1;
        if (i >= 0 && text[i] is '-' or '/' or '.' or '_' && i - 1 >= 0 && char.IsAsciiLetter(text[i - 1]))
        {
            i--;
        }

        if (i >= 0 && char.IsAsciiLetter(text[i]))
        {
            var end = i + 1;
            while (i >= 0 && char.IsAsciiLetter(text[i]))
            {
                i--;
            }

            lettersStart = i + 1;
            return text[(i + 1)..end];
        }

        // "F A 2 0 2 6", "F A - 2 0 2 6": single letters separated by single spaces before digits written the same way
        if (start + 1 >= text.Length || text[start + 1] != ' ')
        {
            return "";
        }

        var p = start - 1;
        var skipped = 0;
        while (p >= 0 && skipped < 3 && text[p] is ' ' or '-' or '/' or '.')
        {
            p--;
            skipped++;
        }

        var sb = new StringBuilder();
        while (skipped > 0 && p >= 0 && char.IsAsciiLetter(text[p]) && (p == 0 || !char.IsAsciiLetterOrDigit(text[p - 1])))
        {
            sb.Insert(0, text[p]);
            lettersStart = p;
            if (p >= 2 && text[p - 1] == ' ' && char.IsAsciiLetter(text[p - 2]))
            {
                p -= 2;
            }
            else
            {
                break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Up to two words before a position (nearest first), skipping separators.</summary>
    private static IEnumerable<string> WordsBefore(string text, int position)
    {
        var i = position - 1;
        for (var w = 0; w < 2; w++)
        {
            while (i >= 0 && !char.IsAsciiLetterOrDigit(text[i]))
            {
                if (text[i] == '|')
                {
                    yield break; // another field (the end-to-end id after the remittance)
                }

                i--;
            }

            var end = i + 1;
            while (i >= 0 && char.IsAsciiLetterOrDigit(text[i]))
            {
                i--;
            }

            if (end <= i + 1)
            {
                yield break;
            }

            var word = text[(i + 1)..end];
            if (word.Any(char.IsAsciiDigit))
            {
                yield break;
            }

            yield return word;
        }
    }

    /// <summary>Tokens of letters and digits (dashes inside kept out), for customer codes: "CLI-02460" → "CLI02460".</summary>
    public IEnumerable<string> Codes()
    {
        var sb = new StringBuilder();
        for (var i = 0; i <= Text.Length; i++)
        {
            var c = i < Text.Length ? Text[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (c == '-' && sb.Length > 0 && i + 1 < Text.Length && char.IsAsciiLetterOrDigit(Text[i + 1]))
            {
                continue;
            }
            else
            {
                if (sb.Length >= 5 && sb.ToString() is var token && token.Any(char.IsAsciiDigit) && token.Any(char.IsAsciiLetter))
                {
                    yield return token;
                }

                sb.Clear();
            }
        }
    }
}
