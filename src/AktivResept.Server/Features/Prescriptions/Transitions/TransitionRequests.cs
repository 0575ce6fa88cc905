namespace AktivResept.Server.Features.Prescriptions.Transitions;

public sealed record SendToProviderRequest(Guid? LocationId);

/// <summary>
/// Accept with a trainer; <paramref name="MemberRef"/> optionally links the gym's own member number for check-ins.
/// <paramref name="SessionsPerWeek"/> and <paramref name="MinutesPerSession"/> set the dose when the referral left it to
/// the initial assessment (both or neither).
/// </summary>
public sealed record AcceptRequest(Guid? TrainerId, string? MemberRef = null, int? SessionsPerWeek = null, int? MinutesPerSession = null);

/// <summary>The dose chosen at the initial assessment, for a referral that left it open.</summary>
public sealed record DoseRequest(int? SessionsPerWeek, int? MinutesPerSession);

public sealed record ReasonRequest(string? Reason);
