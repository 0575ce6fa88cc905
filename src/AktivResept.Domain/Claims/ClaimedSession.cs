namespace AktivResept.Domain.Claims;

/// <summary>A session already priced on a claim for the prescription: it counts towards the dose caps of later claims.</summary>
public sealed record ClaimedSession(Guid SessionId, DateOnly Date, ServiceType Service);
