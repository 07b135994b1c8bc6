using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Encaisse.Cli;

/// <summary>The one JSON shape of Encaisse (CLI and API): camelCase, enums as camelCase strings, dates yyyy-mm-dd.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions { WriteIndented = true });

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    public static void Write(object? value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
