using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Prescriptions.Drafts;

/// <summary>
/// Replaces what a draft prescribes with a whole new request, checked by the same validator as creating one. The person
/// stays: a draft for someone else is a new draft. Only a draft can be edited (<c>Prescription.Revise</c>); past that,
/// others have seen it.
/// </summary>
public sealed class ReviseDraftHandler(
    AktivDbContext db,
    PrescriptionScope scope,
    PersonDirectory people,
    PrescriptionReader reader,
    AuditLog audit,
    TimeProvider clock,
    IOptions<TestIdentityOptions> identity)
{
    private const string Step = $"{AuditAction.Update}:revise";

    public async Task<Outcome<PrescriptionView>> HandleAsync(CurrentUser user, Guid id, IssuePrescriptionRequest request, CancellationToken ct)
    {
        var resource = $"Prescription/{id}";
        var prescription = await scope.FindVisibleAsync(user, id, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, Step, ct);
            return Failure.NotFound();
        }

        if (!user.Is(Roles.Prescribers) || user.Hpr is null)
        {
            await audit.DeniedAsync(user, resource, Step, prescription.ParticipantId, ct);
            return Failure.Of(ApiErrorCodes.RoleCannotStep.With(("step", "revise")));
        }

        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == prescription.ParticipantId, ct);
        var own = people.NationalIdOf(person);
        if (request.Participant?.NationalId is { Length: > 0 } given &&
            Fodselsnummer.TryParse(given, identity.Value.AllowTestIdentities, out var asked, out _) && asked!.Value != own)
        {
            await audit.RefusedAsync(user, resource, Step, prescription.ParticipantId, ct);
            return Failure.Invalid("participant.nationalId", ApiErrorCodes.DraftParticipantFixed);
        }

        // The person is the draft's own whether or not the request names them; names and municipality are not asked again.
        var complete = request with { Participant = new ParticipantInput(own, null, null, null) };
        var validated = IssuePrescriptionValidator.Validate(complete, Oslo.Today(clock.GetUtcNow()), allowTestIdentities: true);
        if (!validated.Succeeded)
        {
            return Failure.Invalid(validated.Errors!);
        }

        var revised = prescription.Revise(validated.Value!.Details);
        if (!revised.Succeeded)
        {
            await audit.RefusedAsync(user, resource, Step, prescription.ParticipantId, ct);
            return Failure.Of(revised.Error!, revised.Field ?? "status");
        }

        // The new details, the version bump and the audit row commit together in this one SaveChanges.
        audit.Add(user, resource, Step, AuditOutcome.Success, prescription.ParticipantId);
        var saved = await IssueRules.SaveGuardedAsync(db, ct);
        if (!saved.Succeeded)
        {
            await audit.RefusedAsync(user, resource, Step, prescription.ParticipantId, ct);
            return Failure.Of(saved.Error!, saved.Field);
        }

        return (await reader.ViewAsync(prescription, ct)).For(user);
    }
}
