using System.Globalization;
using Encaisse.Dunning.Planning;
using Encaisse.Ledger;

namespace Encaisse.Dunning.Templates;

/// <summary>The variables every template sees (docs/dunning.md lists them). Amounts and dates are formatted for the customer's language.</summary>
internal static class MessageVariables
{
    public static Dictionary<string, object?> For(Tenant tenant, Customer customer, Contact? contact, PlannedAction action,
        DateOnly asOf, string? portalBaseUrl)
    {
        var en = customer.Language == "en";
        string Money(long minor, string currency) => en
            ? Currencies.FormatInvariant(minor, currency) + " " + currency
            : Currencies.FormatFrench(minor, currency);
        string Date(DateOnly d) => d.ToString(en ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);

        var currency = action.Items.FirstOrDefault()?.Item.Currency ?? tenant.Currency;
        var invoices = action.Items.Select(i => (object)new Dictionary<string, object?>
        {
            ["number"] = i.Item.Number,
            ["issue_date"] = Date(i.Item.IssueDate),
            ["due_date"] = Date(i.Item.DueDate),
            ["amount"] = Money(i.Item.OriginalMinor, i.Item.Currency),
            ["open_amount"] = Money(i.Item.OpenMinor, i.Item.Currency),
            ["days_late"] = Balances.DaysOverdue(i.Item.DueDate, asOf),
        }).ToList();
        var open = action.Items.Sum(i => i.Item.OpenMinor);
        var overdue = action.Items.Where(i => i.Item.DueDate < asOf).Sum(i => i.Item.OpenMinor);
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
            ["totals"] = new Dictionary<string, object?>
            {
                ["open"] = Money(open, currency), ["overdue"] = Money(overdue, currency), ["count"] = action.Items.Count,
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
