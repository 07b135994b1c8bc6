using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Encaisse.Operations;

/// <summary>
/// The one JSON shape of Encaisse — CLI output, API bodies and the JSON kept in the database (timeline data, proposals):
/// camelCase, enums as camelCase strings, dates yyyy-mm-dd. <see cref="Compact"/> for stored JSON.
/// </summary>
public static class JsonShape
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The same shape on one line (JSON stored in a column).</summary>
    public static JsonSerializerOptions Compact { get; } = Configure(new JsonSerializerOptions { WriteIndented = false });

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
