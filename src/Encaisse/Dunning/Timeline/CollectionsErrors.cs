using Encaisse.Ledger;
using Encaisse.Operations;

namespace Encaisse.Dunning.Timeline;

// The collections operations report expected failures as OperationErrors carried by these exceptions; the surfaces
// map them with the one mapping of results (ResultHttp, CliResults). Their texts are English sentences kept as data
// (error.collections.*); new operations return Result<T> with coded errors instead.

/// <summary>Request fields that break a rule; the API answers a ValidationProblem, the CLI exits with 2.</summary>
public sealed class InvalidRequestException(IReadOnlyDictionary<string, string[]> errors)
    : OperationFailedException(OperationError.InvalidFields(errors.SelectMany(e => e.Value.Select(m => new FieldError(e.Key, null, m))).ToList(), "collections.invalid"))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The customer, invoice, dispute... named in the request does not exist for this tenant.</summary>
public sealed class NotFoundException(string message) : OperationFailedException(OperationError.NotFound("collections.notFound", ("message", message)));

/// <summary>The request is valid but the object is in a state that forbids it (e.g. a closed dispute).</summary>
public sealed class ConflictException(string message) : OperationFailedException(OperationError.Conflict("collections.conflict", ("message", message)));

/// <summary>Collects field errors, then throws them all at once.</summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new InvalidRequestException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    public static InvalidRequestException Single(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
