using System.Text.Json;
using Encaisse.Operations;

namespace Encaisse.Cli;

/// <summary>Prints a value in the one JSON shape of Encaisse (<see cref="JsonShape"/>) on standard output.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options => JsonShape.Options;

    public static void Write(object? value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonShape.Options));
}
