using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;

namespace AktivResept.Server.Features.Prescriptions.Issue;

/// <summary>
/// What a referrer sends to issue a prescription. Everything is nullable so a missing field is reported by name
/// rather than failing deserialisation. <c>DoseAtAssessment</c> with neither dose value leaves the dose to the trainer's
/// initial assessment (sessions cannot be registered until it is set); with either value the dose is as given.
/// <c>MaxPauseWeeksTotal</c>: how many weeks of pauses in all the participant may take (default 4, 0 = none).
/// <c>AcknowledgePartialCover</c>: the referrer has seen that state reimbursement ends inside the period and issues
/// anyway; without it such an issue is refused (409 naming the field). A draft needs no acknowledgement.
/// </summary>
public sealed record IssuePrescriptionRequest(
    ParticipantInput? Participant,
    string? ReasonCode,
    string? ReasonText,
    string? Goals,
    IReadOnlyList<ActivityType>? ActivityTypes,
    int? SessionsPerWeek,
    int? MinutesPerSession,
    DateOnly? StartDate,
    int? DurationWeeks,
    string? Precautions,
    CertificationKind? RequiredCompetence,
    int? ConfirmationIntervalWeeks,
    FundingSource? Funding,
    bool Draft = false,
    string? FundingOrganisation = null,
    bool DoseAtAssessment = false,
    int? MaxPauseWeeksTotal = null,
    bool AcknowledgePartialCover = false);

/// <summary>The body of issuing a draft: only the confirmation that a partial cover was seen (an empty body is false).</summary>
public sealed record IssueDraftRequest(bool AcknowledgePartialCover = false)
{
    /// <summary>The JSON body if there is one (a malformed one throws the JsonException the problem writer answers with 400).</summary>
    public static async Task<IssueDraftRequest> ReadAsync(HttpRequest request, CancellationToken ct) =>
        request.HasJsonContentType() && request.ContentLength is not 0
            ? await request.ReadFromJsonAsync<IssueDraftRequest>(ct) ?? new IssueDraftRequest()
            : new IssueDraftRequest();
}

/// <summary>The person the prescription is for; names and municipality are needed only the first time we see them.</summary>
public sealed record ParticipantInput(string? NationalId, string? GivenName, string? FamilyName, string? Kommunenummer);
