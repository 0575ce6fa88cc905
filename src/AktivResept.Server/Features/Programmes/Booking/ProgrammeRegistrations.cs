using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Programmes.Booking;

public sealed record RegisterRequest(string? NationalId, string? GivenName, string? FamilyName, string? Kommunenummer);

public sealed record ProgrammeRegistrationView(
    Guid Id, Guid ProgrammeId, Guid PersonId, ProgrammeEligibilityBasis Basis, DateTimeOffset RegisteredAt, string RegisteredBy, DateOnly? PausedUntil);

/// <summary>The registration and whether this request made it (201) or found it (200).</summary>
public sealed record RegistrationResult(ProgrammeRegistrationView Registration, bool Created);

/// <summary>
/// Registration once per programme, by the person or by the programme's staff on their behalf: idempotent for the same
/// person (the existing registration is returned). The basis is judged today — an active benefit of the six kinds in
/// the benefits registry, or a programme referral for the programme's municipality — and again on every booking's date.
/// </summary>
public sealed class ProgrammeRegistrations(
    AktivDbContext db, ProgrammeBookingAccess access, ProgrammeParticipants participants, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<RegistrationResult>> RegisterAsync(CurrentUser user, Guid programmeId, RegisterRequest request, CancellationToken ct)
    {
        var resource = $"Programme/{programmeId}/registrations";
        var programme = await access.ProgrammeAsync(user, programmeId, resource, AuditAction.Create, ct);
        if (!programme.Succeeded)
        {
            return programme.AsFailure();
        }

        var subject = await participants.SubjectAsync(user, request.NationalId, ct);
        if (!subject.Succeeded)
        {
            return subject.AsFailure();
        }

        var personId = subject.Value!.Person?.Id;
        if (personId is not null && await ExistingAsync(programmeId, personId.Value, ct) is { } existing)
        {
            audit.Add(user, $"ProgrammeRegistration/{existing.Id}", AuditAction.Read, AuditOutcome.Success, personId);
            await audit.SaveAsync(ct);
            return new RegistrationResult(View(existing), false);
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        if (programme.Value!.EndedAt is { } ended && ended <= now)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Create, personId, ct);
            return Failure.Of(ProgrammeErrorCodes.ProgrammeEnded.With(("date", Oslo.Today(ended))));
        }

        var eligibility = (await participants.EligibilityAsync(subject.Value, programme.Value.Kommunenummer, today, ct))(today);
        if (!eligibility.Eligible)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Create, personId, ct);
            return Failure.Of(eligibility.Reason!, "nationalId");
        }

        var person = await participants.FindOrRegisterAsync(subject.Value, new PersonInput(request.NationalId, request.GivenName, request.FamilyName, request.Kommunenummer), ct);
        if (!person.Succeeded)
        {
            return person.AsFailure();
        }

        var registration = new ProgrammeRegistration
        {
            ProgrammeId = programmeId,
            PersonId = person.Value!.Id,
            Basis = eligibility.Basis!.Value,
            RegisteredAt = now,
            RegisteredBy = user.Role == Roles.Participant ? "self" : user.Subject,
        };
        db.ProgrammeRegistrations.Add(registration);
        audit.Add(user, $"ProgrammeRegistration/{registration.Id}", AuditAction.Create, AuditOutcome.Success, registration.PersonId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same person registered by a concurrent request: theirs is the registration.
            db.ChangeTracker.Clear();
            var winner = await ExistingAsync(programmeId, person.Value.Id, ct);
            return new RegistrationResult(View(winner!), false);
        }

        return new RegistrationResult(View(registration), true);
    }

    private Task<ProgrammeRegistration?> ExistingAsync(Guid programmeId, Guid personId, CancellationToken ct) =>
        db.ProgrammeRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.ProgrammeId == programmeId && r.PersonId == personId, ct);

    private static ProgrammeRegistrationView View(ProgrammeRegistration r) =>
        new(r.Id, r.ProgrammeId, r.PersonId, r.Basis, r.RegisteredAt, r.RegisteredBy, r.PausedUntil);
}
