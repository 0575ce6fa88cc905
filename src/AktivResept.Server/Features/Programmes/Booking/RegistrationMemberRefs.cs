using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

/// <summary>
/// A gym that runs a programme links its own member number to a person registered for it, so its door system's
/// check-ins recognise them (and pre-fill Attended, <see cref="ProgrammeCheckIns"/>) without a prescription at the gym.
/// The one member-link mechanism prescriptions use (<see cref="MemberLinker"/>: never a national id, a number taken by
/// someone else is 409). Only the admin of the running gym (other roles 403); an unknown registration, or one of a
/// programme the gym does not run, is 404. Every read and link is audited, naming the person.
/// </summary>
public sealed class RegistrationMemberRefs(AktivDbContext db, ProgrammeAccess access, MemberLinker linker, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<MemberRefView>>> ListAsync(CurrentUser user, Guid programmeId, Guid registrationId, CancellationToken ct)
    {
        var found = await FindAsync(user, programmeId, registrationId, AuditAction.Read, ct);
        if (!found.Succeeded)
        {
            return found.AsFailure();
        }

        var (gym, person) = found.Value;
        var list = await linker.ListAsync(gym, person, ct);
        audit.Add(user, Resource(registrationId), AuditAction.Read, AuditOutcome.Success, person);
        await audit.SaveAsync(ct);
        return list;
    }

    public async Task<Outcome<IReadOnlyList<MemberRefView>>> AddAsync(CurrentUser user, Guid programmeId, Guid registrationId, MemberRefRequest request, CancellationToken ct)
    {
        var found = await FindAsync(user, programmeId, registrationId, AuditAction.Update, ct);
        if (!found.Succeeded)
        {
            return found.AsFailure();
        }

        var (gym, person) = found.Value;
        var memberRef = request.MemberRef?.Trim();
        if (string.IsNullOrEmpty(memberRef) || memberRef.Length > MemberLinker.MaxLength)
        {
            return Failure.Invalid("memberRef", ErrorCodes.RequiredMaxLength.With(("max", MemberLinker.MaxLength)));
        }

        if (await linker.LinkAsync(gym, person, memberRef, ct) is { } problem)
        {
            await audit.RefusedAsync(user, Resource(registrationId), AuditAction.Update, person, ct);
            return Failure.Of(problem, "memberRef");
        }

        audit.Add(user, Resource(registrationId), AuditAction.Update, AuditOutcome.Success, person);
        await db.SaveChangesAsync(ct);
        return await linker.ListAsync(gym, person, ct);
    }

    private static string Resource(Guid registrationId) => $"ProgrammeRegistration/{registrationId}/member-refs";

    private async Task<Outcome<(Guid Gym, Guid Person)>> FindAsync(CurrentUser user, Guid programmeId, Guid registrationId, string action, CancellationToken ct)
    {
        if (user.Role != Roles.ProviderAdmin)
        {
            await audit.DeniedAsync(user, Resource(registrationId), action, ct);
            return Failure.Of(ProgrammeErrorCodes.MemberRefGymOnly);
        }

        var caller = await access.CallerAsync(user, ct);
        var gym = caller.ProviderId;
        var person = gym is null ? null : await (
                from r in db.ProgrammeRegistrations.AsNoTracking()
                join p in access.Managed(caller) on r.ProgrammeId equals p.Id
                where r.Id == registrationId && r.ProgrammeId == programmeId && p.ProviderId == gym
                select (Guid?)r.PersonId)
            .FirstOrDefaultAsync(ct);
        if (person is null)
        {
            await audit.DeniedAsync(user, Resource(registrationId), action, ct);
            return Failure.NotFound();
        }

        return (gym!.Value, person.Value);
    }
}
