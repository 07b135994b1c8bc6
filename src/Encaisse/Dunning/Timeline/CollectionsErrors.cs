using Encaisse.Operations;

namespace Encaisse.Dunning.Timeline;

/// <summary>
/// Collects the refused fields of a collections request, each with its own coded error (<c>promise.datePast</c>,
/// <c>dispute.alreadyOpen</c>...) and the data its sentence is written from, so that every problem is reported at once.
/// </summary>
/// <remarks>
/// The error of several refused fields carries the first problem's code and data (the sentence a page shows, in the
/// reader's language) and every refused field with its English reason (the API's ValidationProblem, the CLI). No
/// sentence is stored as data: the catalogue (<c>error.{code}</c>) writes them. ADR 1172.
/// </remarks>
public sealed class RequestErrors
{
    private readonly List<OperationError> problems = [];

    public bool Any => problems.Count > 0;

    /// <summary>A refused field: <paramref name="code"/> is the catalogue's <c>error.{code}</c>, written from <paramref name="data"/>.</summary>
    public void Add(string field, string code, params (string Name, object? Value)[] data) =>
        problems.Add(OperationError.InvalidField(field, null, code, data));

    /// <summary>The refusal (null when nothing was refused): the first problem, with every refused field.</summary>
    public OperationError? Error => problems.Count switch
    {
        0 => null,
        1 => problems[0],
        _ => problems[0] with { Fields = [.. problems.SelectMany(p => p.Fields)] },
    };

    /// <summary>For the operations that report by exception: throws the refusal, if any.</summary>
    public void ThrowIfAny()
    {
        if (Error is { } error)
        {
            throw new OperationFailedException(error);
        }
    }
}

/// <summary>The data words of the collections refusals.</summary>
internal static class RefusalWords
{
    /// <summary>A state of a promise, plan or task as the catalogue's <c>word.{type}.{state}</c> ("word.promiseStatus.kept").</summary>
    public static Localization.Word State<T>(T value)
        where T : struct, Enum =>
        new(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(typeof(T).Name) + "." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
}
