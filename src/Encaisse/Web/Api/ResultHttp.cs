using Encaisse.Localization;
using Encaisse.Operations;

namespace Encaisse.Web.Api;

/// <summary>
/// The one mapping of an operation's <see cref="Result{T}"/> to HTTP: the value through <c>ok</c>, or a ProblemDetails
/// whose status follows the error kind (400 invalid — a validation problem when fields are named —, 404 not found,
/// 409 conflict, 422 failed), whose <c>detail</c> is the catalogue message in English and which carries the error's
/// <c>code</c> and <c>data</c> so that clients decide on the code, never on the text.
/// </summary>
public static class ResultHttp
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(ok);
        return result.IsOk ? ok(result.Value) : Problem(result.Error!);
    }

    public static int Status(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static IResult Problem(OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["code"] = error.Code,
            ["data"] = error.Data.ToDictionary(d => d.Key, d => (object?)Catalogue.Format(d.Value, Catalogue.English), StringComparer.Ordinal),
        };
        var message = error.Message(Catalogue.English);
        if (error.Fields.Count > 0)
        {
            return Results.ValidationProblem(
                error.Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Reason).ToArray()),
                detail: message == error.Code ? null : message, title: "The request has invalid fields.", extensions: extensions);
        }

        var title = error.Kind switch
        {
            ErrorKind.Invalid => "Bad request",
            ErrorKind.NotFound => "Not found",
            ErrorKind.Conflict => "Conflict",
            _ => "Not possible",
        };
        return Results.Problem(statusCode: Status(error.Kind), title: title, detail: message, extensions: extensions);
    }
}
