using System.Text.Json;
using System.Text.Json.Serialization;
using Encaisse.Ledger.Api;
using Encaisse.Operations;

namespace Encaisse.Ledger.Cli;

/// <summary>What <c>ledger customer --json</c> prints: the customer with its balances, and its open items.</summary>
internal sealed record CustomerSheetJson(DateOnly AsOf, CustomerDto Customer, IReadOnlyList<OpenItemDto> OpenItems);

/// <summary>
/// Serialization code generated at build time for the ledger verbs' output, in the one JSON shape (<see cref="JsonShape"/>:
/// the options are those of <see cref="CliJson"/>). The reflection serializer emits and compiles its accessors in every
/// process, a noticeable part of a short verb's start (issue 11, ADR 1160).
/// </summary>
[JsonSerializable(typeof(CustomerSheetJson))]
internal sealed partial class LedgerCliJson : JsonSerializerContext
{
    public static LedgerCliJson Shape { get; } = new(JsonShape.Configure(new JsonSerializerOptions { WriteIndented = true }));
}
