using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Claims.Read;

public sealed record ClaimView(
    Guid Id,
    Guid ProviderId,
    string ProviderName,
    Guid PayerId,
    string PayerName,
    string Month,
    int Sequence,
    bool Supplementary,
    ClaimStatus Status,
    decimal TotalTariff,
    decimal TotalPublicShare,
    decimal TotalCopay,
    decimal TotalCoFinancing,
    decimal ApprovedPublicShare,
    int PricedLines,
    int RefusedLines,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? PaidAt,
    Guid? PaymentBatchId,
    int Version);

public sealed record ClaimLineView(
    Guid Id,
    ClaimLineKind Kind,
    Guid? SessionId,
    Guid? CreditOfLineId,
    Guid? PrescriptionId,
    Guid? ParticipantId,
    string? ParticipantName,
    Guid? TrainerId,
    DateOnly ServiceDate,
    ServiceType? Service,
    Guid? TariffId,
    decimal Tariff,
    decimal PublicShare,
    decimal Copay,
    decimal CoFinancing,
    ClaimLineStatus Status,
    IReadOnlyList<RefusalReason> Refusals,
    IReadOnlyList<ClaimSignal> Signals,
    PayerReason? PayerReason,
    string? PayerNote,
    DateTimeOffset? DecidedAt,
    Guid? ProgrammeSessionId = null,
    string? Programme = null);

public sealed record ClaimEventView(ClaimStatus? From, ClaimStatus To, string Actor, string Role, DateTimeOffset At, string? Note);

public sealed record ClaimDetailView(ClaimView Claim, IReadOnlyList<ClaimEventView> History);

/// <summary>A page of a claim's lines on the wire: named <c>lines</c> rather than <c>items</c>, as it always has been.</summary>
public sealed record ClaimLinesResponse(IReadOnlyList<ClaimLineView> Lines, int Total, int Page, int PageSize)
{
    public static ClaimLinesResponse Of(Page<ClaimLineView> page) => new(page.Items, page.Total, page.Number, page.PageSize);
}
