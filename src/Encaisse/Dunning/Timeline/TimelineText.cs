using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Encaisse.Ledger;

namespace Encaisse.Dunning.Timeline;

/// <summary>
/// A timeline summary stored as data (a message key and typed arguments under <c>"text"</c> in the event's JSON
/// <c>Data</c>) and written in the reader's language at read time (French or English). Arguments are money
/// (<see cref="Money"/>), dates, vocabulary words (enum values, translated) or free text typed by a person (shown as
/// typed). Rows written before this existed have no <c>"text"</c>: their stored <c>Summary</c> is shown as it is.
/// </summary>
public static class TimelineText
{
    /// <summary>A word from the vocabulary (an enum value such as a dispute reason or a call outcome).</summary>
    public sealed record Word(string Value);

    /// <summary>Another message inserted here; its arguments are named "thisArgument.name".</summary>
    public sealed record Nested(string Key);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly Dictionary<string, (string Fr, string En)> Messages = new(StringComparer.Ordinal)
    {
        ["promise.recorded"] = ("Promesse de paiement de {amount} pour le {date} ({channel})", "Promise to pay {amount} by {date} ({channel})"),
        ["promise.cancelled"] = ("Promesse de paiement de {amount} pour le {date} annulée{?reason}", "Promise to pay {amount} by {date} cancelled{?reason}"),
        ["promise.kept"] = ("Promesse de paiement de {amount} pour le {date} tenue le {on}", "Promise to pay {amount} by {date} kept on {on}"),
        ["promise.broken"] = ("Promesse de paiement de {amount} pour le {date} non tenue : {paid} reçus au {on} ; reprise des relances",
            "Promise to pay {amount} by {date} broken: {paid} received by {on}; dunning resumes"),
        ["dispute.opened"] = ("Litige ouvert sur {invoices} ({reason}, {amount}) via {channel}", "Dispute opened on {invoices} ({reason}, {amount}) via {channel}"),
        ["dispute.moved"] = ("Litige {dispute} passé de « {from} » à « {to} »{?detail}", "Dispute {dispute} moved from {from} to {to}{?detail}"),
        ["hold.added"] = ("Relances {hold} pour {target} à partir du {from}{until} : {reason}", "Dunning {hold} for {target} from {from}{until}: {reason}"),
        ["hold.customer"] = ("le client", "the customer"),
        ["hold.invoice"] = ("la facture {number}", "invoice {number}"),
        ["hold.until"] = (" jusqu'au {until}", " until {until}"),
        ["hold.open"] = (" jusqu'à levée", " until lifted"),
        ["hold.lifted"] = ("Suspension des relances levée ({reason}){?comment}", "Dunning hold lifted ({reason}){?comment}"),
        ["plan.created"] = ("Plan de paiement de {amount} en {count} échéances convenu", "Payment plan of {amount} in {count} instalments agreed"),
        ["plan.requested"] = ("Plan de paiement de {amount} en {count} échéances demandé ; à examiner : {note}",
            "Payment plan of {amount} in {count} instalments requested; waiting for review: {note}"),
        ["plan.autoAccepted"] = ("Plan de paiement de {amount} en {count} échéances demandé et accepté automatiquement",
            "Payment plan of {amount} in {count} instalments requested and accepted automatically"),
        ["plan.accepted"] = ("Plan de paiement de {amount} accepté après examen", "Payment plan of {amount} accepted after review"),
        ["plan.refused"] = ("Plan de paiement de {amount} refusé après examen", "Payment plan of {amount} refused after review"),
        ["plan.cancelled"] = ("Plan de paiement de {amount} annulé{?reason}", "Payment plan of {amount} cancelled{?reason}"),
        ["plan.completed"] = ("Plan de paiement de {amount} soldé le {on}", "Payment plan of {amount} completed on {on}"),
        ["plan.defaulted"] = ("Plan de paiement de {amount} défaillant le {on} : une échéance n'a pas été payée à temps ; reprise des relances",
            "Payment plan of {amount} defaulted on {on}: an instalment was not paid in time; dunning resumes"),
        ["task.created"] = ("Tâche « {title} » à faire le {due}{?for}", "Task '{title}' due {due}{?for}"),
        ["task.done"] = ("Tâche « {title} » faite", "Task '{title}' done"),
        ["task.cancelled"] = ("Tâche « {title} » annulée", "Task '{title}' cancelled"),
        ["call.logged"] = ("Appel enregistré : {outcome}{?on}", "Call logged: {outcome}{?on}"),
        ["note"] = ("Note : {text}", "Note: {text}"),
    };

    private static readonly Dictionary<string, string> FrenchWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = "téléphone", ["email"] = "e-mail", ["portal"] = "portail", ["letter"] = "courrier", ["collector"] = "chargé de recouvrement",
        ["quality"] = "qualité", ["quantity"] = "quantité", ["price"] = "prix", ["notReceived"] = "non reçu", ["alreadyPaid"] = "déjà payé",
        ["other"] = "autre", ["open"] = "ouvert", ["inReview"] = "en examen", ["resolvedWithCreditNote"] = "résolu par avoir",
        ["rejected"] = "rejeté", ["hold"] = "suspendues", ["exclusion"] = "exclues", ["insolvency"] = "gelées (procédure collective)",
        ["manual"] = "suspendues", ["customer"] = "le client", ["invoice"] = "la facture", ["reached"] = "joint",
        ["promise"] = "promesse de paiement", ["dispute"] = "litige", ["wrongNumber"] = "mauvais numéro", ["callBack"] = "à rappeler",
        ["noAnswer"] = "pas de réponse", ["voicemail"] = "messagerie",
    };

    private static readonly Dictionary<string, string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hold"] = "paused", ["exclusion"] = "excluded", ["resolvedWithCreditNote"] = "resolved with a credit note", ["promise"] = "promise to pay",
    };

    /// <summary>The JSON node to store under "text" in the event's Data.</summary>
    public static JsonObject Of(string key, params (string Name, object? Value)[] args)
    {
        var values = new JsonObject();
        foreach (var (name, value) in args)
        {
            values[name] = value switch
            {
                null => null,
                Money m => $"money:{m.Minor.ToString(CultureInfo.InvariantCulture)}:{m.Currency}",
                DateOnly d => "date:" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Word w => "word:" + w.Value,
                Nested n => "message:" + n.Key,
                int i => "text:" + i.ToString(CultureInfo.InvariantCulture),
                _ => "text:" + Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        }

        return new JsonObject { ["key"] = key, ["args"] = values };
    }

    /// <summary>The summary in <paramref name="language"/> ("fr" or "en"), or null when the row carries no text data.</summary>
    public static string? Render(string? data, string language)
    {
        if (string.IsNullOrEmpty(data) || !data.Contains("\"text\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var text = JsonNode.Parse(data)?["text"];
            if (text?["key"]?.GetValue<string>() is not { } key || !Messages.TryGetValue(key, out var message))
            {
                return null;
            }

            var args = text["args"] as JsonObject ?? [];
            return Fill(language == "en" ? message.En : message.Fr, args, language == "en");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Fill(string template, JsonObject args, bool english)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            result.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            var optional = name.StartsWith('?');
            name = optional ? name[1..] : name;
            var value = Value(args[name]?.GetValue<string>(), args, name, english);
            if (!optional)
            {
                result.Append(value);
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                result.Append(english ? ": " : " : ").Append(value);
            }

            i = close + 1;
        }

        return result.ToString();
    }

    private static string Value(string? raw, JsonObject args, string name, bool english)
    {
        if (raw is null)
        {
            return "";
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        var (type, value) = colon < 0 ? ("text", raw) : (raw[..colon], raw[(colon + 1)..]);
        switch (type)
        {
            case "money":
                var parts = value.Split(':');
                var minor = long.Parse(parts[0], CultureInfo.InvariantCulture);
                return english ? new Money(minor, parts[1]).ToString() : Currencies.FormatFrench(minor, parts[1]);
            case "date":
                var date = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return english ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("dd/MM/yyyy", French);
            case "word":
                return english ? EnglishWords.GetValueOrDefault(value, Spaced(value)) : FrenchWords.GetValueOrDefault(value, value);
            case "message":
                // A nested message (e.g. " until {until}"): its key, then its own arguments named "name.arg".
                return Messages.TryGetValue(value, out var nested)
                    ? Fill(english ? nested.En : nested.Fr, ArgumentsOf(args, name), english)
                    : "";
            default:
                return value;
        }
    }

    private static JsonObject ArgumentsOf(JsonObject args, string prefix)
    {
        var nested = new JsonObject();
        foreach (var (key, node) in args)
        {
            if (key.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                nested[key[(prefix.Length + 1)..]] = node?.DeepClone();
            }
        }

        return nested;
    }

    /// <summary>camelCase enum value → words ("notReceived" → "not received").</summary>
    private static string Spaced(string value) =>
        string.Concat(value.Select((ch, i) => char.IsUpper(ch) && i > 0 ? " " + char.ToLowerInvariant(ch) : ch.ToString()));
}
