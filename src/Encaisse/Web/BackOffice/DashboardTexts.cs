namespace Encaisse.Web.BackOffice;

/// <summary>Texts added to the dashboard's "today's work", French and English (kept apart from <see cref="Texts"/>).</summary>
public static class DashboardTexts
{
    private static readonly Dictionary<string, (string Fr, string En)> All = new(StringComparer.Ordinal)
    {
        ["approvals"] = ("Relances à approuver", "Reminders to approve"),
        ["failed"] = ("Envois en échec", "Failed sends"),
    };

    public static string Get(string key, string lang) =>
        All.TryGetValue(key, out var text) ? (lang == "en" ? text.En : text.Fr) : key;

    public static IEnumerable<string> Keys => All.Keys;
}
