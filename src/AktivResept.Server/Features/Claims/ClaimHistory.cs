using AktivResept.Domain.Claims;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;

namespace AktivResept.Server.Features.Claims;

/// <summary>Moves a claim along its status graph, recording the change and its audit row in the same unit of work.</summary>
public sealed class ClaimHistory(AktivDbContext db, AuditLog audit)
{
    public bool TryMove(Claim claim, ClaimStatus to, CurrentUser user, DateTimeOffset now, string? note = null)
    {
        if (!ClaimLifecycle.CanMove(claim.Status, to))
        {
            return false;
        }

        db.ClaimEvents.Add(new ClaimEvent { ClaimId = claim.Id, From = claim.Status, To = to, Actor = user.Subject, Role = user.Role, At = now, Note = note });
        audit.Add(user, $"Claim/{claim.Id}", $"{AuditAction.Update}:{to}", AuditOutcome.Success);
        claim.Status = to;
        claim.UpdatedAt = now;
        claim.Version++;
        return true;
    }
}
