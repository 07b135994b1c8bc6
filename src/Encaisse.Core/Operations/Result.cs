using System.Collections.ObjectModel;
using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Operations;

/// <summary>Why an operation did not do what it was asked. Surfaces map it once: HTTP status, CLI exit code, page notice.</summary>
public enum ErrorKind
{
    /// <summary>The request itself is wrong (a field, a value): HTTP 400, CLI exit 2.</summary>
    Invalid = 1,
    /// <summary>Something the request names does not exist for this tenant: HTTP 404, CLI exit 2.</summary>
    NotFound = 2,
    /// <summary>The request is valid but the state forbids it (already settled, closed, taken): HTTP 409, CLI exit 1.</summary>
    Conflict = 3,
    /// <summary>The operation could not be carried out (an outside service, a file): HTTP 422, CLI exit 1.</summary>
    Failed = 4,
}

/// <summary>
/// A coded error: a stable <see cref="Code"/> (e.g. <c>allocation.overSettles</c>), the data its message is written
/// from, and the fields concerned. The text a person reads comes from the catalogue (<c>error.{Code}</c>) in the
/// reader's language; callers decide on the code, never on the text.
/// </summary>
public sealed record OperationError(ErrorKind Kind, string Code, IReadOnlyDictionary<string, object?> Data, IReadOnlyList<FieldError> Fields)
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>());

    public static OperationError Of(ErrorKind kind, string code, params (string Name, object? Value)[] data) =>
        new(kind, code, data.Length == 0 ? NoData : data.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal), []);

    public static OperationError Invalid(string code, params (string Name, object? Value)[] data) => Of(ErrorKind.Invalid, code, data);

    public static OperationError NotFound(string code, params (string Name, object? Value)[] data) => Of(ErrorKind.NotFound, code, data);

    public static OperationError Conflict(string code, params (string Name, object? Value)[] data) => Of(ErrorKind.Conflict, code, data);

    public static OperationError Failed(string code, params (string Name, object? Value)[] data) => Of(ErrorKind.Failed, code, data);

    /// <summary>Field errors (validation): code <c>invalid</c> unless given.</summary>
    public static OperationError InvalidFields(IReadOnlyList<FieldError> fields, string code = "invalid") =>
        new(ErrorKind.Invalid, code, NoData, fields);

    /// <summary>One invalid field, its reason as a catalogue message (<c>error.{code}</c>) in English for the field list.</summary>
    public static OperationError InvalidField(string field, string? value, string code, params (string Name, object? Value)[] data)
    {
        var error = Of(ErrorKind.Invalid, code, [("field", field), .. data]);
        return error with { Fields = [new FieldError(field, value, error.Message("en"))] };
    }

    /// <summary>The message in <paramref name="language"/> ("fr" or "en").</summary>
    /// <remarks>A field-list error (code <c>invalid</c> or <c>*.invalid</c>) reads as its fields: "field: reason ...".</remarks>
    public string Message(string language) =>
        Fields.Count > 0 && (Code == "invalid" || Code.EndsWith(".invalid", StringComparison.Ordinal))
            ? string.Join(" ", Fields.Select(f => $"{f.Field}: {f.Reason}"))
            : Catalogue.Has("error." + Code) ? Catalogue.Text(language, "error." + Code, Data) : Code;

    public override string ToString() => Message("en");
}

/// <summary>
/// The one result of an operation: its value, or a coded <see cref="OperationError"/>. Operations return it; they do
/// not throw for expected outcomes (bad input, missing objects, state conflicts).
/// </summary>
public sealed class Result<T>
{
    private readonly T? value;

    private Result(T? value, OperationError? error)
    {
        this.value = value;
        Error = error;
    }

    public OperationError? Error { get; }

    public bool IsOk => Error is null;

    /// <summary>The value of a successful result; throws on a failed one (a programming error).</summary>
    public T Value => IsOk ? value! : throw new InvalidOperationException("The operation failed: " + Error);

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(OperationError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator Result<T>(OperationError error) => Fail(error);

    public Result<TOther> Map<TOther>(Func<T, TOther> map) => IsOk ? Result<TOther>.Ok(map(value!)) : Result<TOther>.Fail(Error!);

    public TOut Match<TOut>(Func<T, TOut> ok, Func<OperationError, TOut> failed) => IsOk ? ok(value!) : failed(Error!);
}

/// <summary>Shorthands: <c>Result.Ok(x)</c>.</summary>
public static class Result
{
    public static Result<T> Ok<T>(T value) => Result<T>.Ok(value);
}

/// <summary>
/// Carries an <see cref="OperationError"/> out of code that cannot return a <see cref="Result{T}"/> (a deep helper, a
/// verb body); surfaces map it exactly like a failed result. Operations return results; they throw this only where the
/// C# shape forbids a return value.
/// </summary>
public class OperationFailedException(OperationError error) : Exception(error?.ToString())
{
    public OperationError Error { get; } = error ?? throw new ArgumentNullException(nameof(error));
}

/// <summary>For code that reports errors by exception (the collections operations): the value, or the error thrown.</summary>
public static class ResultExtensions
{
    public static T OrThrow<T>(this Result<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsOk ? result.Value : throw new OperationFailedException(result.Error!);
    }
}
