using System.Text;
using System.Text.RegularExpressions;

namespace Encaisse.Payments.BankFormats;

/// <summary>Reads the :86: information field of an MT940 movement in its common bank variants.</summary>
internal static partial class Mt940Details
{
    private static readonly string[] DutchKeys = ["EREF", "CNTP", "REMI", "RTRN", "PREF", "MARF", "CSID", "BENM", "ORDP", "NAME", "IBAN", "BIC", "TRTP", "ADDR", "ISDT", "PURP", "ULTC", "ULTD", "EXCH", "CHGS"];

    public static StatementTransaction Apply(StatementTransaction tx, string raw)
    {
        var lines = raw.Split('\n').Select(l => l.TrimEnd()).ToArray();
        // Wrapped lines carry no separator of their own: join them as they were cut.
        var joined = string.Concat(lines);
        if (GermanStructured().IsMatch(joined))
        {
            return German(tx, joined);
        }

        if (joined.StartsWith('/') && DutchKeys.Any(k => joined.Contains("/" + k + "/", StringComparison.Ordinal)))
        {
            return Dutch(tx, joined);
        }

        var text = string.Join(' ', lines.Select(l => l.Trim()).Where(l => l.Length > 0));
        var iban = IbanInText().Match(text);
        return tx with
        {
            RemittanceInformation = text.Length > 0 ? text : null,
            CounterpartyIban = iban.Success && Iban.IsValid(iban.Value) ? iban.Value : tx.CounterpartyIban,
        };
    }

    private static StatementTransaction German(StatementTransaction tx, string text)
    {
        var fields = new SortedDictionary<int, string>();
        foreach (Match m in GermanSubfield().Matches(text))
        {
            var key = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            fields[key] = fields.TryGetValue(key, out var existing) ? existing + m.Groups[2].Value : m.Groups[2].Value;
        }

        var remittance = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            if (key is >= 20 and <= 29 or >= 60 and <= 63)
            {
                remittance.Append(value);
            }
        }

        var purpose = remittance.ToString();
        string? Keyword(string name)
        {
            var m = Regex.Match(purpose, name + @"\+(.*?)(?=(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|IBAN|BIC)\+|$)");
            return m.Success ? m.Groups[1].Value.Trim() : null;
        }

        var svwz = Keyword("SVWZ");
        var name = (fields.GetValueOrDefault(32) + fields.GetValueOrDefault(33)).Trim();
        var account = fields.GetValueOrDefault(31)?.Trim();
        return tx with
        {
            RemittanceInformation = (svwz ?? purpose).Trim() is { Length: > 0 } r ? r : null,
            CounterpartyName = name.Length > 0 ? name : null,
            CounterpartyIban = account is not null && Iban.IsValid(account) ? account : tx.CounterpartyIban,
            EndToEndId = Keyword("EREF") is { } eref and not "NOTPROVIDED" ? eref : tx.EndToEndId,
            MandateReference = Keyword("MREF") ?? tx.MandateReference,
        };
    }

    private static StatementTransaction Dutch(StatementTransaction tx, string text)
    {
        // /KEY/value/KEY/value...; CNTP holds IBAN/BIC/NAME/CITY, REMI holds USTD//text or STRD/CUR/ref.
        var parts = text.Split('/');
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var part in parts.Skip(1))
        {
            if (DutchKeys.Contains(part))
            {
                current = part;
                values.TryAdd(current, []);
            }
            else if (current is not null)
            {
                values[current].Add(part);
            }
        }

        string? First(string key) => values.TryGetValue(key, out var v) ? v.FirstOrDefault(s => s.Length > 0) : null;
        var cntp = values.GetValueOrDefault("CNTP") ?? [];
        var remi = values.GetValueOrDefault("REMI") ?? [];
        var remittance = string.Join(' ', remi.Where(s => s.Length > 0 && s is not "USTD" and not "STRD" and not "CUR" and not "ISO"));
        return tx with
        {
            EndToEndId = First("EREF") is { } e and not "NOTPROVIDED" ? e : tx.EndToEndId,
            CounterpartyIban = cntp.Count > 0 && Iban.IsValid(cntp[0]) ? cntp[0] : First("IBAN") ?? tx.CounterpartyIban,
            CounterpartyName = cntp.Count > 2 && cntp[2].Length > 0 ? cntp[2] : First("NAME") ?? tx.CounterpartyName,
            RemittanceInformation = remittance.Length > 0 ? remittance : text,
            ReturnReason = First("RTRN") ?? tx.ReturnReason,
            MandateReference = First("MARF") ?? tx.MandateReference,
        };
    }

    [GeneratedRegex(@"^\d{3}\s*\?\d{2}")]
    private static partial Regex GermanStructured();

    [GeneratedRegex(@"\?(\d{2})([^?]*)")]
    private static partial Regex GermanSubfield();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")]
    private static partial Regex IbanInText();
}
