namespace AktivResept.Server.Features.Prescriptions.Transitions;

public sealed record SendToProviderRequest(Guid? LocationId);

public sealed record AcceptRequest(Guid? TrainerId);

public sealed record ReasonRequest(string? Reason);
