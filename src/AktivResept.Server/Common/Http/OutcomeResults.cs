using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Common.Http;

/// <summary>Maps use-case outcomes to RFC 9457 responses for the REST API; the status follows from the error's kind.</summary>
public static class OutcomeResults
{
    public static Results<Ok<TOut>, ProblemHttpResult> ToOk<T, TOut>(this Outcome<T> outcome, Func<T, TOut> map) =>
        outcome.Succeeded ? TypedResults.Ok(map(outcome.Value!)) : outcome.ToProblem();

    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) => outcome.ToOk(v => v);

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.Succeeded ? TypedResults.Created(location(outcome.Value!), outcome.Value) : outcome.ToProblem();

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Invalid when outcome.Errors is { } errors => errors.ToProblem(),
        OutcomeKind.NotFound => Problems.Of(StatusCodes.Status404NotFound, "Not found", outcome.Error, outcome.Field),
        OutcomeKind.Forbidden => Problems.Of(StatusCodes.Status403Forbidden, "Forbidden", outcome.Error, outcome.Field),
        _ => Problems.Of(StatusCodes.Status409Conflict, "Conflict", outcome.Error, outcome.Field),
    };
}
