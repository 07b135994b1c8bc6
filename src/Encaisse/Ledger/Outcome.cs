namespace Encaisse.Ledger;

public enum OutcomeKind
{
    Ok = 0,
    Invalid = 1,
    NotFound = 2,
    Conflict = 3,
}

/// <summary>
/// The result of a ledger operation: the value, or why not (field errors, not found, conflict) in words a user
/// reads. Endpoints and CLI verbs turn it into HTTP problems or exit codes.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, string? Message, IReadOnlyList<FieldError> Errors)
{
    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, null, []);

    public static Outcome<T> Invalid(IReadOnlyList<FieldError> errors) => new(OutcomeKind.Invalid, default, "The request has invalid fields.", errors);

    public static Outcome<T> Invalid(string field, string? value, string reason) => Invalid([new FieldError(field, value, reason)]);

    public static Outcome<T> NotFound(string message) => new(OutcomeKind.NotFound, default, message, []);

    public static Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, default, message, []);

    public IResult ToHttp(Func<T, IResult> ok) => Kind switch
    {
        OutcomeKind.Ok => ok(Value!),
        OutcomeKind.Invalid => Results.ValidationProblem(
            Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()), title: Message),
        OutcomeKind.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: Message),
        _ => Results.Problem(statusCode: 409, title: "Conflict", detail: Message),
    };
}
