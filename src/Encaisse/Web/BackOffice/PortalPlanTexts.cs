using System.Globalization;
using Encaisse.Dunning.PaymentPlans;

namespace Encaisse.Web.BackOffice;

/// <summary>Texts of the portal's payment-plan request, French and English (kept apart from <see cref="Texts"/>).</summary>
public static class PortalPlanTexts
{
    private static readonly Dictionary<string, (string Fr, string En)> All = new(StringComparer.Ordinal)
    {
        ["title"] = ("Je demande un échéancier", "I ask for a payment plan"),
        ["intro"] = ("Réglez le solde en plusieurs échéances mensuelles égales. Votre demande est acceptée immédiatement si elle respecte nos conditions :",
            "Pay the balance in equal monthly instalments. Your request is accepted at once when it meets our conditions:"),
        ["count"] = ("Nombre d'échéances", "Number of instalments"),
        ["first"] = ("Date de la première échéance", "First instalment date"),
        ["send"] = ("Demander l'échéancier", "Ask for the plan"),
        ["accepted"] = ("Votre échéancier est accepté. Les relances sont remplacées par un rappel avant chaque échéance.",
            "Your payment plan is accepted. Reminders are replaced by a notice before each instalment."),
        ["requested"] = ("Votre demande ne peut pas être acceptée automatiquement ; votre interlocuteur va l'étudier et vous répondra.",
            "Your request cannot be accepted automatically; your account manager will review it and reply."),
        ["why"] = ("Pourquoi :", "Why:"),
        ["current.Active"] = ("Votre échéancier en cours", "Your current payment plan"),
        ["current.Requested"] = ("Votre demande d'échéancier, en cours d'examen", "Your payment-plan request, under review"),
        ["seq"] = ("Échéance", "Instalment"),
        ["due"] = ("Date", "Date"),
        ["amount"] = ("Montant", "Amount"),
        ["state"] = ("État", "State"),
        ["state.Upcoming"] = ("À venir", "Upcoming"),
        ["state.Late"] = ("En retard", "Late"),
        ["state.Paid"] = ("Payée", "Paid"),
        ["state.Defaulted"] = ("Impayée", "Unpaid"),
        ["total"] = ("Total", "Total"),
        ["back"] = ("Retour à mon compte", "Back to my account"),
        ["err.nothingDue"] = ("Il n'y a rien à échelonner : votre compte est à jour.", "There is nothing to spread: your account is up to date."),
        ["err.existing"] = ("Vous avez déjà un échéancier en cours ou une demande en examen.", "You already have a payment plan or a request under review."),
        ["err.date"] = ("La date de la première échéance doit être aujourd'hui ou plus tard.", "The first instalment date must be today or later."),
        ["err.count"] = ("Choisissez entre 2 et 24 échéances.", "Choose between 2 and 24 instalments."),
        ["err.invalid"] = ("La demande n'a pas pu être enregistrée : vérifiez les champs.", "The request could not be recorded: check the fields."),
        ["task"] = ("Étudier la demande d'échéancier du client", "Review the customer's payment-plan request"),
        ["office.replaced"] = ("Relances remplacées par les rappels d'échéances.", "Dunning replaced by instalment reminders."),
        ["office.paused"] = ("Relances suspendues pendant l'examen de la demande.", "Dunning paused while the request is reviewed."),
    };

    public static string Get(string key, string lang) =>
        All.TryGetValue(key, out var text) ? (lang == "en" ? text.En : text.Fr) : key;

    public static IEnumerable<string> Keys => All.Keys;

    /// <summary>The tenant's rules in one sentence each, shown before the customer asks.</summary>
    public static IReadOnlyList<string> Conditions(CollectionsPolicy policy, string lang, Func<long, string> money)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(money);
        var fr = lang != "en";
        var list = new List<string>
        {
            fr ? F($"au plus {policy.MaxInstalments} échéances, sur {policy.MaxDurationDays} jours au plus ;") : F($"at most {policy.MaxInstalments} instalments, over at most {policy.MaxDurationDays} days;"),
            fr ? F($"une première échéance dans les {policy.MaxDaysToFirstInstalment} jours ;") : F($"a first instalment within {policy.MaxDaysToFirstInstalment} days;"),
        };
        if (policy.MaxAutoAcceptMinor is { } max)
        {
            list.Add(fr ? "un solde jusqu'à " + money(max) + "." : "a balance up to " + money(max) + ".");
        }

        return list;
    }

    /// <summary>Why a request was not accepted automatically, in the customer's language.</summary>
    public static string Reason(PlanRule rule, CollectionsPolicy policy, string lang, Func<long, string> money)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(money);
        var fr = lang != "en";
        return rule switch
        {
            PlanRule.AutoAcceptOff => fr ? "chaque demande est étudiée par notre service." : "every request is reviewed by our team.",
            PlanRule.MaxInstalments => fr ? F($"au plus {policy.MaxInstalments} échéances sont acceptées automatiquement.") : F($"at most {policy.MaxInstalments} instalments are accepted automatically."),
            PlanRule.MaxDuration => fr ? F($"l'échéancier ne peut pas dépasser {policy.MaxDurationDays} jours.") : F($"the plan cannot last more than {policy.MaxDurationDays} days."),
            PlanRule.DaysToFirstInstalment => fr ? F($"la première échéance doit tomber dans les {policy.MaxDaysToFirstInstalment} jours.") : F($"the first instalment must fall within {policy.MaxDaysToFirstInstalment} days."),
            PlanRule.FirstInstalmentShare => fr ? F($"la première échéance doit représenter au moins {policy.MinFirstInstalmentPercent} % du total.") : F($"the first instalment must be at least {policy.MinFirstInstalmentPercent}% of the total."),
            PlanRule.MaxAmount => fr ? "au-delà de " + money(policy.MaxAutoAcceptMinor ?? 0) + ", la demande est étudiée par notre service." : "above " + money(policy.MaxAutoAcceptMinor ?? 0) + ", the request is reviewed by our team.",
            _ => rule.ToString(),
        };
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
