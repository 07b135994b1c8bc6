namespace Encaisse.Web.BackOffice;

/// <summary>Texts of the invoice page in French and English (kept apart from <see cref="Texts"/>). Key, French, English.</summary>
public static class InvoiceTexts
{
    private static readonly Dictionary<string, (string Fr, string En)> All = new(StringComparer.Ordinal)
    {
        ["inv.title"] = ("Facture", "Invoice"),
        ["inv.creditNote"] = ("Avoir", "Credit note"),
        ["inv.customer"] = ("Client", "Customer"),
        ["inv.amounts"] = ("Montants", "Amounts"),
        ["inv.net"] = ("Montant HT", "Amount excl. VAT"),
        ["inv.tax"] = ("TVA", "VAT"),
        ["inv.gross"] = ("Montant TTC", "Amount incl. VAT"),
        ["inv.open"] = ("Reste dû", "Open amount"),
        ["inv.po"] = ("Bon de commande", "Purchase order"),
        ["inv.source"] = ("Origine", "Source"),
        ["inv.factored"] = ("Cédée au factor", "Factored"),
        ["inv.cancelled"] = ("Annulée le", "Cancelled on"),
        ["inv.terms"] = ("Échéance et conditions", "Due date and terms"),
        ["inv.termsAgreed"] = ("Conditions de paiement", "Payment terms"),
        ["inv.termsOk"] = ("Délai conforme au plafond légal (L441-10 I).", "Term within the legal cap (L441-10 I)."),
        ["inv.instalments"] = ("Échéances", "Instalments"),
        ["inv.settlements"] = ("Règlements et avoirs imputés", "Payments and credit notes applied"),
        ["inv.noSettlements"] = ("Aucun règlement imputé.", "No payment applied."),
        ["inv.date"] = ("Date", "Date"),
        ["inv.reference"] = ("Référence", "Reference"),
        ["inv.payment"] = ("Règlement", "Payment"),
        ["inv.mentions"] = ("Mentions obligatoires", "Mandatory mentions"),
        ["inv.mentionsComplete"] = ("Aucune mention manquante d'après les données du grand livre.", "No mention missing according to the ledger's data."),
        ["inv.mentionsMissing"] = ("Mentions manquantes", "Missing mentions"),
        ["inv.mentionsUnknown"] = ("À vérifier sur la facture elle-même (non connues du grand livre)", "To check on the invoice itself (not known to the ledger)"),
        ["inv.claim"] = ("Pénalités de retard au", "Late-payment claim as of"),
        ["inv.claimNone"] = ("Rien à réclamer : la facture n'est pas en retard.", "Nothing to claim: the invoice is not late."),
        ["inv.claimDisputed"] = ("Facture en litige : ni pénalités ni relances tant que le litige est ouvert.", "Disputed invoice: no interest nor reminders while the dispute is open."),
        ["inv.daysLate"] = ("Jours de retard", "Days late"),
        ["inv.interest"] = ("Intérêts de retard", "Late-payment interest"),
        ["inv.indemnity"] = ("Indemnité forfaitaire de recouvrement", "Recovery indemnity"),
        ["inv.claimTotal"] = ("Total réclamable (hors principal)", "Total claimable (excl. principal)"),
        ["inv.period"] = ("Période", "Period"),
        ["inv.days"] = ("Jours", "Days"),
        ["inv.rate"] = ("Taux annuel", "Annual rate"),
        ["inv.base"] = ("Base", "Base"),
        ["inv.disputes"] = ("Litiges", "Disputes"),
        ["inv.back"] = ("Retour au client", "Back to the customer"),
        ["inv.instalment"] = ("Échéance", "Instalment"),
        ["inv.prescription"] = ("Prescription", "Limitation"),
        ["inv.prescription.Running"] = ("Acquise le", "Expires on"),
        ["inv.prescription.Alert"] = ("Moins de 3 mois : acquise le", "Under 3 months: expires on"),
        ["inv.prescription.Expired"] = ("Prescrite depuis le", "Time-barred since"),
        ["inv.years"] = ("ans", "years"),
    };

    /// <summary>French labels of the <see cref="Legal.InvoiceMentions"/> codes (English: the checker's own labels).</summary>
    private static readonly Dictionary<string, string> MentionsFr = new(StringComparer.Ordinal)
    {
        ["supplier-identity"] = "Nom et adresse du fournisseur",
        ["supplier-siren"] = "SIREN du fournisseur",
        ["supplier-vat"] = "N° de TVA du fournisseur",
        ["customer-identity"] = "Nom et adresse du client",
        ["customer-siren"] = "SIREN du client (ou n° de TVA pour un client de l'UE)",
        ["customer-vat"] = "N° de TVA du client",
        ["billing-address"] = "Adresse de facturation si différente",
        ["delivery-address"] = "Adresse de livraison si différente",
        ["issue-date"] = "Date d'émission",
        ["number"] = "Numéro unique d'une séquence continue",
        ["sale-date"] = "Date de la vente ou de la prestation",
        ["lines"] = "Quantité, dénomination, prix unitaire HT et taux de TVA de chaque ligne",
        ["totals-per-rate"] = "Total HT et TVA par taux",
        ["operation-category"] = "Catégorie de l'opération (biens, services ou les deux)",
        ["vat-on-debits"] = "« Option pour le paiement de la taxe d'après les débits »",
        ["exemption-reference"] = "Référence légale de l'exonération de TVA",
        ["reverse-charge"] = "« Autoliquidation »",
        ["due-date"] = "Date d'échéance explicite",
        ["early-payment-discount"] = "Conditions d'escompte pour paiement anticipé",
        ["late-penalty-rate"] = "Taux des pénalités de retard",
        ["recovery-indemnity"] = "Indemnité forfaitaire de recouvrement de 40 €",
        ["purchase-order"] = "Numéro du bon de commande de l'acheteur",
    };

    public static string Get(string key, string lang) =>
        All.TryGetValue(key, out var text) ? (lang == "en" ? text.En : text.Fr) : key;

    public static IEnumerable<string> Keys => All.Keys;

    /// <summary>A mention's label in the page's language.</summary>
    public static string Mention(Legal.MentionCheck check, string lang) =>
        lang != "en" && MentionsFr.TryGetValue(check.Code, out var fr) ? fr : check.Label;
}
