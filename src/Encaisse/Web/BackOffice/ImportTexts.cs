namespace Encaisse.Web.BackOffice;

/// <summary>Texts of the imports pages, French and English (kept apart from <see cref="Texts"/>).</summary>
public static class ImportTexts
{
    private static readonly Dictionary<string, (string Fr, string En)> All = new(StringComparer.Ordinal)
    {
        ["nav"] = ("Imports", "Imports"),
        ["title"] = ("Importer un fichier", "Import a file"),
        ["intro"] = ("Clients, factures ou règlements en CSV ou Excel (.xlsx), ou le grand livre complet depuis un FEC. Un fichier ré-importé met à jour par clé, sans doublon.",
            "Customers, invoices or payments as CSV or Excel (.xlsx), or the whole ledger from a FEC. Re-importing a file updates by key, never duplicates."),
        ["kind"] = ("Contenu du fichier", "File content"),
        ["kind.Customers"] = ("Clients", "Customers"),
        ["kind.Invoices"] = ("Factures (et avoirs)", "Invoices (and credit notes)"),
        ["kind.Payments"] = ("Règlements", "Payments"),
        ["kind.Fec"] = ("FEC (fichier des écritures comptables)", "FEC (accounting entries file)"),
        ["file"] = ("Fichier", "File"),
        ["mode"] = ("Si des lignes sont invalides", "If some rows are invalid"),
        ["mode.all"] = ("Tout ou rien : ne rien écrire et afficher les erreurs", "All or nothing: write nothing and show the errors"),
        ["mode.skip"] = ("Ignorer les lignes invalides et écrire les autres", "Skip the invalid rows and write the others"),
        ["start"] = ("Importer", "Import"),
        ["noFile"] = ("Choisissez un fichier non vide.", "Choose a non-empty file."),
        ["history"] = ("Imports récents", "Recent imports"),
        ["history.none"] = ("Aucun import pour l'instant.", "No import yet."),
        ["col.when"] = ("Date", "When"),
        ["col.who"] = ("Par", "By"),
        ["col.file"] = ("Fichier", "File"),
        ["col.kind"] = ("Type", "Kind"),
        ["col.records"] = ("Lus", "Read"),
        ["col.created"] = ("Créés", "Created"),
        ["col.updated"] = ("Mis à jour", "Updated"),
        ["col.rejected"] = ("Rejetés", "Rejected"),
        ["col.outcome"] = ("Résultat", "Outcome"),
        ["status.Running"] = ("En cours", "Running"),
        ["status.Written"] = ("Écrit", "Written"),
        ["status.Rejected"] = ("Refusé, rien écrit", "Refused, nothing written"),
        ["status.Failed"] = ("Échec, rien écrit", "Failed, nothing written"),
        ["run.title"] = ("Import", "Import"),
        ["run.running"] = ("Import en cours…", "Import running…"),
        ["run.rows"] = ("lignes lues", "rows read"),
        ["run.elsewhere"] = ("L'import tourne sur un autre serveur ; la page se met à jour.", "The import runs on another server; the page refreshes."),
        ["run.written"] = ("Le fichier est importé.", "The file is imported."),
        ["run.writtenSkipped"] = ("Le fichier est importé ; les lignes invalides ont été ignorées.", "The file is imported; the invalid rows were skipped."),
        ["run.rejected"] = ("Le fichier est refusé : rien n'a été écrit. Corrigez les erreurs ci-dessous puis importez-le de nouveau, ou choisissez d'ignorer les lignes invalides.",
            "The file is refused: nothing was written. Fix the errors below and import it again, or choose to skip the invalid rows."),
        ["run.failed"] = ("L'import s'est arrêté sur une erreur inattendue : rien n'a été écrit.", "The import stopped on an unexpected error: nothing was written."),
        ["run.records"] = ("Enregistrements lus", "Records read"),
        ["run.created"] = ("Créés", "Created"),
        ["run.updated"] = ("Mis à jour", "Updated"),
        ["run.rejectedLines"] = ("Lignes rejetées", "Rejected lines"),
        ["run.errors"] = ("Erreurs", "Errors"),
        ["run.errorsShown"] = ("Les 1 000 premières erreurs sont listées.", "The first 1,000 errors are listed."),
        ["run.download"] = ("Télécharger les erreurs (CSV)", "Download the errors (CSV)"),
        ["run.ignored"] = ("Colonnes ignorées", "Ignored columns"),
        ["run.format"] = ("Format", "Format"),
        ["run.another"] = ("Importer un autre fichier", "Import another file"),
        ["err.line"] = ("Ligne", "Line"),
        ["err.column"] = ("Colonne", "Column"),
        ["err.value"] = ("Valeur", "Value"),
        ["err.reason"] = ("Motif", "Reason"),
    };

    public static string Get(string key, string lang) =>
        All.TryGetValue(key, out var text) ? (lang == "en" ? text.En : text.Fr) : key;

    public static IEnumerable<string> Keys => All.Keys;
}
