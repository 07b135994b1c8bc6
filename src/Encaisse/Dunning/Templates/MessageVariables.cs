using System.Globalization;
using Encaisse.Dunning.Planning;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Documents;
using Encaisse.Localization;

namespace Encaisse.Dunning.Templates;

/// <summary>The variables every template sees (docs/dunning.md lists them). Amounts and dates are formatted for the customer's language.</summary>
internal static class MessageVariables
{
    /// <remarks>
    /// <c>invoices</c> are the items the message claims (overdue ones; those falling due for a courtesy message) with what is
    /// open on each; <c>credits</c> the open credit notes and unapplied payments deducted; <c>upcoming</c> and <c>listed</c>
    /// the items shown for information (not yet due; disputed, time-barred...) with the reason. <c>totals.open</c> is what the
    /// customer is asked to pay (net of the credits), <c>totals.overdue</c> the claimed items before credits.
    /// </remarks>
    public static Dictionary<string, object?> For(Tenant tenant, Customer customer, Contact? contact, PlannedAction action, ClaimDecision claim,
        DateOnly asOf, string? portalBaseUrl)
    {
        var en = customer.Language == "en";
        var language = en ? Catalogue.English : Catalogue.French;
        string Money(long minor, string currency) => en
            ? Currencies.FormatInvariant(minor, currency) + " " + currency
            : Currencies.FormatFrench(minor, currency);
        string Date(DateOnly d) => d.ToString(en ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);
        Dictionary<string, object?> Item(OpenItem i) => new()
        {
            ["number"] = ClaimText.Number(i),
            ["issue_date"] = Date(i.IssueDate),
            ["due_date"] = Date(i.DueDate),
            ["amount"] = Money(i.OriginalMinor, i.Currency),
            ["open_amount"] = Money(i.OpenMinor, i.Currency),
            ["days_late"] = Balances.DaysOverdue(i.DueDate, asOf),
        };

        var step = action.Kind == PlannedActionKind.Step;
        var claimed = step ? claim.Claimed.Select(i => i.Item).ToList() : action.Items.Select(i => i.Item).ToList();
        var currency = step ? claim.Currency : claimed.FirstOrDefault()?.Currency ?? tenant.Currency;
        var invoices = claimed.Select(i => (object)Item(i)).ToList();
        var credits = step
            ? claim.Credits.Select(c => (object)new Dictionary<string, object?>
            {
                ["kind"] = c.Credit.Kind == CreditKind.CreditNote ? "credit_note" : "payment",
                ["reference"] = c.Credit.Reference,
                ["date"] = Date(c.Credit.Date),
                ["amount"] = Money(c.DeductedMinor, c.Credit.Currency),
                ["text"] = ClaimText.Credits(claim, language)[claim.Credits.ToList().IndexOf(c)],
            }).ToList()
            : [];
        var upcoming = step ? claim.Listed.Where(i => i.Reason == ClaimReason.NotYetDue).Select(i => (object)Item(i.Item)).ToList() : [];
        var listed = step
            ? claim.Listed.Where(i => i.Reason != ClaimReason.NotYetDue).Select(i => (object)new Dictionary<string, object?>(Item(i.Item))
            {
                ["reason"] = ClaimText.Reason(i.Reason, asOf, language),
            }).ToList()
            : [];
        var gross = claimed.Sum(i => i.OpenMinor);
        var net = step ? claim.NetPrincipalMinor : gross;
        return new Dictionary<string, object?>
        {
            ["tenant"] = new Dictionary<string, object?>
            {
                ["name"] = tenant.Name, ["email"] = tenant.Email, ["phone"] = tenant.Phone, ["iban"] = tenant.Iban, ["siren"] = tenant.Siren,
            },
            ["customer"] = new Dictionary<string, object?>
            {
                ["name"] = customer.LegalName, ["ref"] = customer.ExternalRef, ["kind"] = customer.Kind.ToString().ToLowerInvariant(),
            },
            ["contact"] = new Dictionary<string, object?> { ["name"] = contact?.Name ?? (en ? "Sir or Madam" : "Madame, Monsieur"), ["role"] = contact?.Role },
            ["invoices"] = invoices,
            // Empty lists are left out so that "{% if credits %}" reads naturally.
            ["credits"] = credits.Count == 0 ? null : credits,
            ["upcoming"] = upcoming.Count == 0 ? null : upcoming,
            ["listed"] = listed.Count == 0 ? null : listed,
            ["totals"] = new Dictionary<string, object?>
            {
                ["open"] = Money(net, currency), ["overdue"] = Money(gross, currency), ["count"] = claimed.Count,
                ["credits"] = Money(step ? claim.CreditsMinor : 0, currency), ["net"] = Money(net, currency),
            },
            ["days_late"] = Math.Max(0, action.Level),
            ["portal_link"] = portalBaseUrl is null ? null : portalBaseUrl.TrimEnd('/') + "/portal/" + Uri.EscapeDataString(customer.ExternalRef),
            ["collector"] = customer.Collector ?? tenant.Name,
            ["instalment"] = action.InstalmentDueDate is { } due
                ? new Dictionary<string, object?> { ["due_date"] = Date(due), ["amount"] = Money(action.InstalmentAmountMinor ?? 0, currency) }
                : null,
        };
    }
}
