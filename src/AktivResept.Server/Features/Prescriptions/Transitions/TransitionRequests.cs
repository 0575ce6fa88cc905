namespace AktivResept.Server.Features.Prescriptions.Transitions;

public sealed record SendToProviderRequest(Guid? LocationId);

/// <summary>Accept with a trainer; <paramref name="MemberRef"/> optionally links the gym's own member number for check-ins.</summary>
public sealed record AcceptRequest(Guid? TrainerId, string? MemberRef = null);

public sealed record ReasonRequest(string? Reason);
