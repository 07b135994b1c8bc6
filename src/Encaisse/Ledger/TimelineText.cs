using Encaisse.Ledger;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Encaisse.Localization;

namespace Encaisse.Ledger;

/// <summary>
/// A timeline summary stored as data (a message key and typed arguments under <c>"text"</c> in the event's JSON
/// <c>Data</c>) and written in the reader's language at read time from the catalogue (<c>timeline.{key}</c>).
/// Arguments are money (<see cref="Money"/>), dates, vocabulary words (<see cref="Texts.Word"/>), nested messages or
/// free text typed by a person (shown as typed). Rows written before this existed have no <c>"text"</c>: their stored
/// <c>Summary</c> is shown as it is.
/// </summary>
public static class TimelineText
{
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
                Nested n => "message:" + (n.Key.StartsWith("timeline.", StringComparison.Ordinal) ? n.Key["timeline.".Length..] : n.Key),
                System.Collections.IEnumerable and not string => "text:" + string.Join(", ", ((System.Collections.IEnumerable)value).Cast<object?>()),
                _ => "text:" + Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        }

        return new JsonObject { ["key"] = key, ["args"] = values };
    }

    /// <summary>
    /// A timeline entry whose summary is stored as data (<paramref name="text"/>, from <see cref="Of"/>) next to the
    /// details in <paramref name="data"/>; <c>Summary</c> keeps the French text for readers of the raw table.
    /// </summary>
    public static TimelineEvent Entry(Guid tenantId, Guid customerId, DateTimeOffset at, string kind, string actor, JsonObject text,
        Guid? invoiceId = null, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var node = data is null ? [] : JsonSerializer.SerializeToNode(data, Encaisse.Operations.JsonShape.Options) as JsonObject ?? [];
        node["text"] = text;
        var json = node.ToJsonString(Encaisse.Operations.JsonShape.Compact);
        var summary = Render(json, Localization.Catalogue.French) ?? kind;
        return new TimelineEvent
        {
            TenantId = tenantId,
            CustomerId = customerId,
            InvoiceId = invoiceId,
            At = at,
            Kind = kind,
            Summary = summary.Length > 500 ? summary[..497] + "..." : summary,
            Actor = string.IsNullOrWhiteSpace(actor) ? "system" : actor,
            Data = json,
        };
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
            return Write(JsonNode.Parse(data)?["text"], "timeline.", language);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A message of another family stored in a column of its own (<see cref="Of"/>'s node as compact JSON, its key under
    /// <paramref name="prefix"/>, such as a task's title under <c>task.title.</c>), written in <paramref name="language"/>;
    /// null when there is none or it cannot be read.
    /// </summary>
    public static string? Message(string? stored, string prefix, string language)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        try
        {
            return Write(JsonNode.Parse(stored), prefix, language);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Write(JsonNode? text, string prefix, string language)
    {
        if (text?["key"]?.GetValue<string>() is not { } key || !Catalogue.Has(prefix + key))
        {
            return null;
        }

        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, node) in text["args"] as JsonObject ?? [])
        {
            var value = Decode(node?.GetValue<string>());
            // Steps are stored as the outbox key (step:6, instalment:…): written as the step's name in the reader's language.
            args[name] = value is string step && Encaisse.Dunning.StepNames.IsKey(step) ? Encaisse.Dunning.StepNames.Of(language, step) : value;
        }

        return Catalogue.Text(language, prefix + key, args);
    }

    private static object? Decode(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        var (type, value) = colon < 0 ? ("text", raw) : (raw[..colon], raw[(colon + 1)..]);
        switch (type)
        {
            case "money":
                var parts = value.Split(':');
                return new Money(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
            case "date":
                return DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "word":
                return new Word(value);
            case "message":
                // Timeline messages are stored without their "timeline." prefix; messages of other families
                // (e.g. a planning note's "planning.noPlan") are stored with their full key.
                return new Nested(Catalogue.Has("timeline." + value) || !Catalogue.Has(value) ? "timeline." + value : value);
            default:
                return value;
        }
    }
}
