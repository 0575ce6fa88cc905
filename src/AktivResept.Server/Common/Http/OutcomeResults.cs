using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Common.Http;

/// <summary>Maps use-case outcomes to RFC 9457 responses for the REST API.</summary>
public static class OutcomeResults
{
    public static Results<Ok<TOut>, ProblemHttpResult, ValidationProblem> ToOk<T, TOut>(this Outcome<T> outcome, Func<T, TOut> map)
    {
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(map(outcome.Value!));
        }

        return outcome.Kind == OutcomeKind.Invalid ? outcome.Errors!.ToProblem() : outcome.ToProblem();
    }

    public static Results<Ok<T>, ProblemHttpResult, ValidationProblem> ToOk<T>(this Outcome<T> outcome) => outcome.ToOk(v => v);

    public static Results<Created<T>, ProblemHttpResult, ValidationProblem> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location)
    {
        if (outcome.Succeeded)
        {
            return TypedResults.Created(location(outcome.Value!), outcome.Value);
        }

        return outcome.Kind == OutcomeKind.Invalid ? outcome.Errors!.ToProblem() : outcome.ToProblem();
    }

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => TypedResults.Problem(outcome.Detail, statusCode: 404, title: "Not found"),
        OutcomeKind.Forbidden => TypedResults.Problem(outcome.Detail, statusCode: 403, title: "Forbidden"),
        OutcomeKind.Invalid => TypedResults.Problem("The request has invalid fields.", statusCode: 400, title: "Bad request"),
        _ => Problems.Conflict(outcome.Detail ?? "The request conflicts with the current state.", outcome.Field),
    };
}
