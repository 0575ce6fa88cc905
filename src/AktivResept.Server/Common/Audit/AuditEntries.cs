using AktivResept.Domain.Audit;

namespace AktivResept.Server.Common.Audit;

public static class AuditEntries
{
    /// <summary>The content of a stored row the chain covers.</summary>
    public static AuditEntry Of(AuditRecord r) => new(
        r.Id, r.At, r.Actor, r.Role, r.Organisation, r.SubjectPersonId, r.Resource, r.Action, r.Purpose, r.Outcome.ToString(), r.CorrelationId,
        r.ActorName, r.ActorHpr, r.Category, r.SubjectPersonIds);
}
