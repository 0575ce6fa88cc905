using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Prescriptions.Transitions;

/// <summary>
/// The participant asks for a pause: <c>reason</c> is <c>illness</c>, <c>travel</c> or <c>other</c>, <c>note</c>
/// optional words of their own, <c>firstDay</c> and <c>lastDay</c> Oslo calendar days (both inclusive).
/// </summary>
public sealed record PauseRequest(string? Reason, string? Note, DateOnly? FirstDay, DateOnly? LastDay)
{
    public const int MaxNoteLength = 500;

    /// <summary>The request's fields checked by name (400); the pause rules themselves are the domain's (409).</summary>
    public Outcome<(PauseReason Reason, string? Note, DateOnly FirstDay, DateOnly LastDay)> Parse()
    {
        var errors = new ValidationErrors();
        PauseReason reason = default;
        if (string.IsNullOrWhiteSpace(Reason))
        {
            errors.Add("reason", ErrorCodes.Required);
        }
        else if (!Enum.TryParse(Reason.Trim(), ignoreCase: true, out reason) || !Enum.IsDefined(reason))
        {
            errors.Add("reason", ErrorCodes.OneOf.With(("allowed", "illness, travel, other")));
        }

        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            errors.Add("note", ErrorCodes.MaxLength.With(("max", MaxNoteLength)));
        }

        if (FirstDay is null)
        {
            errors.Add("firstDay", ErrorCodes.Required);
        }

        if (LastDay is null)
        {
            errors.Add("lastDay", ErrorCodes.Required);
        }

        return errors.Any ? Failure.Invalid(errors) : (reason, note, FirstDay!.Value, LastDay!.Value);
    }
}
