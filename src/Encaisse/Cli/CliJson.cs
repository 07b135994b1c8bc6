using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Encaisse.Operations;

namespace Encaisse.Cli;

/// <summary>Prints a value in the one JSON shape of Encaisse (<see cref="JsonShape"/>) on standard output.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options => JsonShape.Options;

    public static void Write(object? value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonShape.Options));

    /// <summary>The same output through serialization code generated at build time (a context built on <see cref="JsonShape.Options"/>' settings).</summary>
    public static void Write<T>(T value, JsonTypeInfo<T> shape) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, shape));
}
