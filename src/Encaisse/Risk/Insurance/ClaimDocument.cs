using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal.Documents;
using Encaisse.Localization;

namespace Encaisse.Risk.Insurance;

/// <summary>The claim file to the credit insurer as a letter (the one PDF layout, <see cref="LetterPdf"/>); texts from the catalogue (insurance.doc.*).</summary>
public static class ClaimDocument
{
    public static byte[] Pdf(ClaimFile claim, Tenant tenant, decimal? discretionaryLimit)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(tenant);
        string T(string key, params (string, object?)[] args) => Catalogue.Text(Catalogue.French, "insurance.doc." + key, args);
        string M(decimal amount) => LegalText.Money(amount, claim.Currency);
        var identity = new List<string> { T("buyer", ("name", claim.CustomerName), ("ref", claim.CustomerRef)) };
        if (claim.Siren is { } siren)
        {
            identity.Add(T("siren", ("siren", LegalText.Siren(siren))));
        }

        if (claim.Address.Count > 0)
        {
            identity.Add(T("address", ("address", string.Join(", ", claim.Address))));
        }

        identity.Add(claim.Limit is { } limit
            ? T("limit", ("amount", M(limit)), ("since", claim.LimitSince is { } s ? LegalText.Date(s) : "—"), ("reference", claim.LimitDecisionReference ?? "—"))
            : discretionaryLimit is { } d ? T("discretionary", ("amount", M(d))) : T("noLimit"));
        identity.Add(T("intro", ("count", claim.Invoices.Count), ("open", M(claim.TotalOpen)), ("covered", M(claim.TotalCovered)),
            ("percent", claim.IndemnityPercent.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))), ("indemnity", M(claim.Indemnity))));

        var closing = new List<string>();
        closing.Add(claim.Reminders.Count == 0
            ? T("noReminders")
            : T("reminders") + " " + string.Join(" ; ", claim.Reminders.Select(r => T("reminder", ("date", LegalText.Date(r.SentOn)), ("step", r.Step),
                ("channel", Catalogue.Text(Catalogue.French, "insurance.doc.channel." + r.Channel)), ("invoices", string.Join(", ", r.Invoices))))) + ".");
        closing.Add(claim.FormalNotices.Count == 0
            ? T("noNotice")
            : T("notices") + " " + string.Join(" ; ", claim.FormalNotices.Select(n => T("notice", ("date", LegalText.Date(n.AsOf)), ("file", n.FileName)))) + ".");
        closing.Add(claim.Disputes.Count == 0
            ? T("noDisputes")
            : T("disputes") + " " + string.Join(" ; ", claim.Disputes.Select(d => T("dispute", ("date", LegalText.Date(d.OpenedOn)), ("invoices", string.Join(", ", d.Invoices)),
                ("amount", M(d.Amount)), ("status", Catalogue.Text(Catalogue.French, "insurance.doc.disputeStatus." + d.Status))))) + ".");
        closing.Add(T("closing"));

        var letter = new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: for the insurer, written in French (insurance.doc.* in French).
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(tenant),
            Recipient = new LetterParty(claim.Insurer, []),
            PlaceAndDate = LegalText.PlaceAndDate(tenant, claim.DeclaredOn),
            References = claim.PolicyNumber is { } policy
                ? [T("policy", ("policy", policy)), T("yourBuyer", ("ref", claim.CustomerRef))]
                : [T("yourBuyer", ("ref", claim.CustomerRef))],
            Subject = T("subject", ("name", claim.CustomerName)),
            Salutation = T("salutation"),
            Paragraphs = identity,
            Columns =
            [
                new LetterColumn(T("col.invoice"), 75), new LetterColumn(T("col.issued"), 58), new LetterColumn(T("col.due"), 58),
                new LetterColumn(T("col.deadline"), 62), new LetterColumn(T("col.open"), 75, ColumnAlign.Right), new LetterColumn(T("col.covered"), 75, ColumnAlign.Right),
            ],
            Rows = claim.Invoices.Select(l => (IReadOnlyList<string>)
            [
                l.Disputed ? l.Invoice + " *" : l.Invoice, LegalText.Date(l.IssueDate), LegalText.Date(l.DueDate), LegalText.Date(l.DeclarationDeadline), M(l.Open), M(l.Covered),
            ]).ToList(),
            Totals = [(T("totalOpen"), M(claim.TotalOpen)), (T("totalCovered"), M(claim.TotalCovered)), (T("indemnity"), M(claim.Indemnity))],
            ClosingParagraphs = closing,
            SignatureName = tenant.Name,
            Footer = LegalText.Footer(tenant),
        };
        return LetterPdf.Render(letter);
    }
}
