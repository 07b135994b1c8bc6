namespace Encaisse.Dunning.Templates;

/// <summary>
/// The variables of a large customer (every key <see cref="MessageVariables"/> gives, <see cref="Invoices"/> invoices): a template is
/// rendered with them before it is saved, so one that would pass its limits on a real customer is refused at once, not in the daily run.
/// </summary>
internal static class TemplateSample
{
    public const int Invoices = 300;

    public static readonly IReadOnlyDictionary<string, object?> Variables = Build();

    private static Dictionary<string, object?> Build()
    {
        static Dictionary<string, object?> Item(int n) => new()
        {
            ["number"] = $"F-2026-{n:D5}", ["issue_date"] = "01/01/2026", ["due_date"] = "31/01/2026", ["amount"] = "12 345,67 €",
            ["open_amount"] = "12 345,67 €", ["days_late"] = 45, ["reason"] = "litige en cours",
        };
        var invoices = Enumerable.Range(1, Invoices).Select(n => (object)Item(n)).ToList();
        var few = Enumerable.Range(1, 30).Select(n => (object)Item(n)).ToList();
        var credits = Enumerable.Range(1, 30).Select(n => (object)new Dictionary<string, object?>
        {
            ["kind"] = "credit_note", ["reference"] = $"AV-{n:D4}", ["date"] = "15/01/2026", ["amount"] = "1 000,00 €", ["text"] = $"Avoir AV-{n:D4} : 1 000,00 €",
        }).ToList();
        return new Dictionary<string, object?>
        {
            ["tenant"] = new Dictionary<string, object?>
            {
                ["name"] = "Société Exemple SAS", ["email"] = "compta@example.fr", ["phone"] = "+33 1 23 45 67 89", ["iban"] = "FR76 3000 6000 0112 3456 7890 189",
                ["siren"] = "123456789",
            },
            ["customer"] = new Dictionary<string, object?> { ["name"] = "Client Exemple SARL", ["ref"] = "C-0001", ["kind"] = "business" },
            ["contact"] = new Dictionary<string, object?> { ["name"] = "Madame Martin", ["role"] = "Comptabilité" },
            ["invoices"] = invoices,
            ["credits"] = credits,
            ["upcoming"] = few,
            ["listed"] = few,
            ["totals"] = new Dictionary<string, object?>
            {
                ["open"] = "3 703 701,00 €", ["overdue"] = "3 703 701,00 €", ["count"] = Invoices, ["credits"] = "30 000,00 €", ["net"] = "3 673 701,00 €",
            },
            ["days_late"] = 45,
            ["portal_link"] = "https://encaisse.example.fr/portal/C-0001",
            ["collector"] = "Jeanne Dupont",
            ["instalment"] = new Dictionary<string, object?> { ["due_date"] = "15/03/2026", ["amount"] = "1 500,00 €" },
        };
    }
}
