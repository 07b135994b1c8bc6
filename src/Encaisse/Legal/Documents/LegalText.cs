using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;

namespace Encaisse.Legal.Documents;

/// <summary>French formatting and the parties of legal letters (fr-FR: 1 234,56 €, dd/MM/yyyy, 13,15 %).</summary>
internal static class LegalText
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    public static string Money(decimal amount, string currency) => Currencies.FormatFrench(Currencies.ToMinor(amount, currency), currency);

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Rate(decimal rate) => rate.ToString("0.00", Fr) + "\u00A0%";

    public static IReadOnlyList<string> Address(PostalAddress a)
    {
        var lines = new List<string>();
        foreach (var line in new[] { a.Line1, a.Line2, $"{a.PostalCode} {a.City}".Trim() })
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }
        }

        if (a.Country != "FR")
        {
            lines.Add(a.Country);
        }

        return lines;
    }

    public static string OneLine(PostalAddress a) => string.Join(", ", Address(a));

    public static string Siren(string siren) => siren.Length == 9 ? $"{siren[..3]} {siren[3..6]} {siren[6..]}" : siren;

    public static LetterParty Creditor(Tenant t)
    {
        var details = new List<string>();
        if (t.Siren is { } siren)
        {
            details.Add("SIREN " + Siren(siren) + (t.VatNumber is { } vat ? " — TVA " + vat : ""));
        }

        if (t.Phone is { } phone)
        {
            details.Add("Tél. " + phone);
        }

        if (t.Email is { } email)
        {
            details.Add(email);
        }

        return new LetterParty(t.Name, Address(t.Address)) { Details = details };
    }

    public static LetterParty Debtor(Customer c) => new(c.LegalName, Address(c.BillingAddress));

    public static string PlaceAndDate(Tenant t, DateOnly date) =>
        (string.IsNullOrWhiteSpace(t.Address.City) ? "" : t.Address.City + ", ") + "le " + Date(date);

    public static string Footer(Tenant t) =>
        t.Name + (CompanyMentions.Registration(t) is { } mentions ? " — " + mentions : t.Siren is { } s ? " — SIREN " + Siren(s) : "") +
        (t.VatNumber is { } v ? " — TVA " + v : "");

    public static string PaymentMethods(Tenant t) =>
        t.Iban is { } iban
            ? $"Règlement par virement sur notre compte IBAN {iban}{(t.Bic is { } bic ? " (BIC " + bic + ")" : "")}, en rappelant les numéros de facture, ou par chèque à l'ordre de {t.Name}."
            : $"Règlement par virement ou par chèque à l'ordre de {t.Name}, en rappelant les numéros de facture.";

    /// <summary>How the interest of a claim was computed, in one sentence.</summary>
    public static string RateBasis(LegalClaim claim, PenaltyTerms terms)
    {
        if (claim.Debtor == DebtorKind.Consumer)
        {
            return "Intérêts au taux de l'intérêt légal (articles 1231-6 et 1344-1 du Code civil, L313-2 du Code monétaire et financier), à compter de la mise en demeure.";
        }

        var rate = terms.ContractualRate is { } r
            ? $"au taux contractuel de {Rate(r)} l'an"
            : "au taux de la Banque centrale européenne appliqué à son opération de refinancement la plus récente, en vigueur au 1er janvier ou au 1er juillet, majoré de 10 points";
        var split = terms.ContractualRate is null
            ? terms.Policy == HalfYearRatePolicy.Split ? ", semestre par semestre" : ", au taux du semestre où le retard a commencé"
            : "";
        return $"Pénalités de retard exigibles de plein droit dès le lendemain de l'échéance (article L441-10 du Code de commerce), {rate}{split}, "
            + $"intérêts simples sur {(terms.BaseIncludesTax ? "le montant TTC" : "le montant HT")} restant dû, base {(terms.Basis == DayCountBasis.Days365 ? "365 jours" : "365 ou 366 jours selon l'année")}.";
    }

    /// <summary>Rows "invoice, due date, period, days, rate, base, interest, indemnity" for every period of every line.</summary>
    public static List<IReadOnlyList<string>> PeriodRows(LegalClaim claim)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var line in claim.Lines)
        {
            var cur = line.Invoice.Currency;
            var number = line.Invoice.Number + (line.Invoice.InstalmentSequence is { } seq ? $" (éch. {seq})" : "");
            var first = true;
            foreach (var p in line.Penalty.Periods)
            {
                rows.Add([first ? number : "", first ? Date(line.Invoice.DueDate) : "", $"{Date(p.From)} – {Date(p.To)}",
                    p.Days.ToString(CultureInfo.InvariantCulture), Rate(p.AnnualRate), Money(p.Base, cur), Money(p.Interest, cur),
                    first && line.Indemnity > 0 ? Money(line.Indemnity, cur) : ""]);
                first = false;
            }

            if (first)
            {
                rows.Add([number, Date(line.Invoice.DueDate), "—", line.Penalty.DaysLate.ToString(CultureInfo.InvariantCulture), "", "", Money(0m, cur),
                    line.Indemnity > 0 ? Money(line.Indemnity, cur) : ""]);
            }
        }

        return rows;
    }

    public static readonly IReadOnlyList<LetterColumn> PeriodColumns =
    [
        new("Facture", 1.9), new("Échéance", 1.8), new("Période", 4.0), new("Jours", 0.8, ColumnAlign.Right),
        new("Taux", 1.4, ColumnAlign.Right), new("Base", 2.0, ColumnAlign.Right), new("Intérêts", 1.6, ColumnAlign.Right),
        new("Indemnité", 1.7, ColumnAlign.Right),
    ];
}
