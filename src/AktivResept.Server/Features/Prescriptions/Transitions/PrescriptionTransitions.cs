using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Prescriptions.Issue;
using AktivResept.Server.Features.Prescriptions.Read;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Prescriptions.Transitions;

/// <summary>
/// Every lifecycle step after creation. Each loads the prescription within the caller's scope (404 otherwise),
/// checks the caller's role for that step (403), applies the domain rule (409) and saves it with its audit row.
/// </summary>
public sealed class PrescriptionTransitions(
    AktivDbContext db,
    PrescriptionQueries queries,
    CallerRelationships relationships,
    IssueRules issueRules,
    PersonDirectory people,
    PrescriptionReader reader,
    MemberLinker members,
    CompletionSummaries completions,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>Issues a draft; <paramref name="partialCoverAcknowledged"/> as in <see cref="IssueRules.IssueAsync"/>.</summary>
    public Task<Outcome<PrescriptionView>> IssueDraftAsync(CurrentUser user, Guid id, bool partialCoverAcknowledged, CancellationToken ct) =>
        RunAsync(user, id, Roles.Prescribers, "issue", async p =>
        {
            var person = await db.People.FirstAsync(x => x.Id == p.ParticipantId, ct);
            var nationalId = Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true);
            var issued = await issueRules.IssueAsync(p, nationalId, user.AsActor, clock.GetUtcNow(), partialCoverAcknowledged, ct);
            return issued.Succeeded ? TransitionOutcome.Ok : TransitionOutcome.Refused(issued.Error!, issued.Field);
        }, ct);

    /// <summary>
    /// Sends to a provider location if it has a free place. Counting the open prescriptions and then writing is only
    /// safe if no other send to the same location can count in between, so the count, the write and the audit row run
    /// in one transaction that first locks the location's row (<c>FOR UPDATE</c> on PostgreSQL): concurrent sends to
    /// one location queue on that lock and each counts what the previous one committed. A row lock rather than a
    /// counter column keeps the capacity derived from the prescriptions themselves (no second truth to keep in step on
    /// every cancel, reject or expiry) and leaves sends to other locations unblocked. SQLite needs no lock: its
    /// transaction begins IMMEDIATE, taking the single writer's lock before the count.
    /// </summary>
    public async Task<Outcome<PrescriptionView>> SendAsync(CurrentUser user, Guid id, SendToProviderRequest request, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A municipality's coordinator routes its waiting referrals (their scope is exactly those, Common/Access).
        var outcome = await RunAsync(user, id, [.. Roles.Prescribers, Roles.Participant, Roles.Municipality], "send", p => SendToLocationAsync(user, p, request.LocationId, ct), ct);

        // Refusals commit too: their audit rows are part of the record.
        await transaction.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Sends a rejected prescription to another provider in one step: a new prescription with the same details (see
    /// <see cref="Prescription.Resend"/>), issued (eligibility and the one-open rule checked again) and sent to the
    /// chosen location, all in one transaction with the same capacity lock as <see cref="SendAsync"/>. The rejected one
    /// stays as the first provider answered it; the new one names it in <c>ReplacesId</c>. The participant may do this for
    /// their own (issue 14): as with <see cref="SendAsync"/> they choose the gym, never the prescription's content, which
    /// is the referrer's, copied unchanged.
    /// </summary>
    public async Task<Outcome<PrescriptionView>> ResendAsync(CurrentUser user, Guid id, SendToProviderRequest request, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Prescription? copy = null;
        var outcome = await RunAsync(user, id, [.. Roles.Prescribers, Roles.Participant], "resend", async rejected =>
        {
            // Once only: a second resend (a form sent twice, two people at once) would send the same referral to two gyms.
            // The rejected row's lock makes a concurrent resend wait and then see the first one's copy.
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Prescriptions" WHERE "Id" = {rejected.Id} FOR UPDATE""", ct);
            }

            if (await db.Prescriptions.AnyAsync(x => x.ReplacesId == rejected.Id, ct))
            {
                return TransitionOutcome.Refused(ApiErrorCodes.AlreadyResent);
            }

            var now = clock.GetUtcNow();
            var made = rejected.Resend(user.AsActor, now, Domain.Calendar.OsloCalendar.DateOf(now), out copy);
            if (!made.Succeeded)
            {
                return made;
            }

            if (request.LocationId is { } locationId && rejected.ProviderId is { } rejectedBy &&
                await db.Locations.AnyAsync(l => l.Id == locationId && l.ProviderId == rejectedBy, ct))
            {
                return Invalid("locationId", ApiErrorCodes.ResendToSameProvider);
            }

            var person = await db.People.FirstAsync(x => x.Id == rejected.ParticipantId, ct);
            var nationalId = Fodselsnummer.Parse(people.NationalIdOf(person), allowSynthetic: true);
            // The copy has the rejected one's content, issued earlier by the referrer; a partial cover was theirs to
            // confirm then (and the participant, who may resend too, cannot confirm it for them), so it is not asked again.
            var issued = await issueRules.IssueAsync(copy!, nationalId, user.AsActor, now, partialCoverAcknowledged: true, ct);
            if (!issued.Succeeded)
            {
                return TransitionOutcome.Refused(issued.Error!, issued.Field);
            }

            var sent = await SendToLocationAsync(user, copy!, request.LocationId, ct);
            if (sent.Succeeded)
            {
                db.Prescriptions.Add(copy!);
                audit.Add(user, $"Prescription/{copy!.Id}", AuditAction.Create, AuditOutcome.Success, copy.ParticipantId);
            }

            return sent;
        }, ct);

        await transaction.CommitAsync(ct);
        return outcome.Succeeded ? (await reader.ViewAsync(copy!, ct)).For(user) : outcome;
    }

    /// <summary>
    /// The location must exist and have a free place; its row is locked first (see <see cref="SendAsync"/>). A successful
    /// send tells the provider in its inbox, in the same unit of work.
    /// </summary>
    private async Task<TransitionOutcome> SendToLocationAsync(CurrentUser user, Prescription p, Guid? requested, CancellationToken ct)
    {
        if (requested is not { } locationId)
        {
            return Invalid("locationId", ErrorCodes.Required);
        }

        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Locations" WHERE "Id" = {locationId} FOR UPDATE""", ct);
        }

        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
        {
            return Invalid("locationId", ApiErrorCodes.UnknownLocation);
        }

        // Municipally funded: a coordinator routes only to providers under an active contract with the municipality.
        if (user.Role == Roles.Municipality && p.Funding == FundingSource.Municipality &&
            await relationships.MunicipalityOfAsync(user, ct) is { } municipality &&
            !await ContractedProviders.Of(db, municipality, OsloCalendar.DateOf(clock.GetUtcNow())).ContainsAsync(location.ProviderId, ct))
        {
            return TransitionOutcome.Refused(ApiErrorCodes.NotContracted);
        }

        var open = Lifecycle.Open;
        var taken = await db.Prescriptions.CountAsync(x => x.LocationId == locationId && x.Id != p.Id && open.Contains(x.Status), ct);
        if (taken >= location.Capacity)
        {
            // Named on the location asked for, so a form can say it beside the choice and offer the next candidates.
            return TransitionOutcome.Refused(ApiErrorCodes.NoCapacity, "locationId");
        }

        var now = clock.GetUtcNow();
        var sent = p.SendTo(location.ProviderId, location.Id, now);
        if (sent.Succeeded)
        {
            db.PrescriptionEvents.Add(new PrescriptionEvent
            {
                PrescriptionId = p.Id,
                Type = PrescriptionEventType.SentToProvider,
                OccurredAt = now,
                Data = System.Text.Json.JsonSerializer.Serialize(new SentToProviderData(location.Name, user.Role), System.Text.Json.JsonSerializerOptions.Web),
            });
        }

        return sent;
    }

    public Task<Outcome<PrescriptionView>> AcceptAsync(CurrentUser user, Guid id, AcceptRequest request, CancellationToken ct) =>
        RunAsync(user, id, [Roles.ProviderAdmin], "accept", async p =>
        {
            if (request.TrainerId is not { } trainerId)
            {
                return Invalid("trainerId", ErrorCodes.Required);
            }

            var providerOrg = user.Organisation!.Value;
            var trainer = await db.Trainers.AsNoTracking()
                .Include(t => t.Certifications)
                .FirstOrDefaultAsync(t => t.Id == trainerId && t.Roles.Any(r => r.OrganisationNumber == providerOrg), ct);
            if (trainer is null)
            {
                return Invalid("trainerId", ApiErrorCodes.NotTrainerHere);
            }

            var memberRef = request.MemberRef?.Trim();
            if (memberRef is { Length: 0 or > MemberLinker.MaxLength })
            {
                return Invalid("memberRef", ApiErrorCodes.MemberRefLength.With(("max", MemberLinker.MaxLength)));
            }

            if (memberRef is not null && p.ProviderId is { } provider && await members.ConflictAsync(provider, p.ParticipantId, memberRef, ct) is { } problem)
            {
                return Invalid("memberRef", problem);
            }

            if (request.SessionsPerWeek is not null || request.MinutesPerSession is not null)
            {
                var dosed = SetDose(user, p, request.SessionsPerWeek, request.MinutesPerSession);
                if (!dosed.Succeeded)
                {
                    return dosed;
                }
            }

            var accepted = p.Accept(trainer.Id, trainer.Certifications.Select(c => c.ToDomain()), user.AsActor, clock.GetUtcNow());
            if (accepted.Succeeded)
            {
                // Check-ins find the participant through these links, saved with the acceptance itself.
                await members.EnsureTokenAsync(p.ProviderId!.Value, p.ParticipantId, ct);
                if (memberRef is not null)
                {
                    await members.LinkAsync(p.ProviderId!.Value, p.ParticipantId, memberRef, ct);
                }
            }

            return accepted;
        }, ct);

    /// <summary>
    /// The trainer (or the provider's admin) sets the dose at the initial assessment when the referral left it open; the
    /// referrer hears of it through the inbox and their subscriptions (a <see cref="PrescriptionEventType.DoseSet"/> event).
    /// </summary>
    public Task<Outcome<PrescriptionView>> SetDoseAsync(CurrentUser user, Guid id, DoseRequest request, CancellationToken ct) =>
        RunAsync(user, id, [Roles.ProviderAdmin, Roles.Trainer], "dose", p => Task.FromResult(SetDose(user, p, request.SessionsPerWeek, request.MinutesPerSession)), ct);

    private TransitionOutcome SetDose(CurrentUser user, Prescription p, int? sessionsPerWeek, int? minutesPerSession)
    {
        if (sessionsPerWeek is not { } sessions)
        {
            return Invalid("sessionsPerWeek", ErrorCodes.Required);
        }

        if (minutesPerSession is not { } minutes)
        {
            return Invalid("minutesPerSession", ErrorCodes.Required);
        }

        var outcome = p.SetDose(sessions, minutes);
        if (outcome.Succeeded)
        {
            db.PrescriptionEvents.Add(new PrescriptionEvent
            {
                PrescriptionId = p.Id,
                Type = PrescriptionEventType.DoseSet,
                OccurredAt = clock.GetUtcNow(),
                Data = JsonSerializer.Serialize(new DoseSetData(sessions, minutes, user.Role), JsonSerializerOptions.Web),
            });
        }

        return outcome;
    }

    public Task<Outcome<PrescriptionView>> RejectAsync(CurrentUser user, Guid id, ReasonRequest request, CancellationToken ct) =>
        MoveAsync(user, id, [Roles.ProviderAdmin], PrescriptionStatus.Rejected, request.Reason, ct);

    public Task<Outcome<PrescriptionView>> CancelAsync(CurrentUser user, Guid id, ReasonRequest request, CancellationToken ct) =>
        MoveAsync(user, id, Roles.Prescribers, PrescriptionStatus.Cancelled, request.Reason, ct);

    public Task<Outcome<PrescriptionView>> StartAsync(CurrentUser user, Guid id, CancellationToken ct) =>
        MoveAsync(user, id, [Roles.ProviderAdmin, Roles.Trainer], PrescriptionStatus.Active, null, ct);

    /// <summary>
    /// The provider or trainer completes a prescription by hand: announced with the same completion summary (adherence,
    /// the hand-over to «Aktiv på dagtid», outcome changes) as a period that ends, saved with the move.
    /// </summary>
    public Task<Outcome<PrescriptionView>> CompleteAsync(CurrentUser user, Guid id, CancellationToken ct) =>
        RunAsync(user, id, [Roles.ProviderAdmin, Roles.Trainer], nameof(PrescriptionStatus.Completed), async p =>
        {
            var now = clock.GetUtcNow();
            var moved = p.TransitionTo(PrescriptionStatus.Completed, user.AsActor, now, null);
            if (moved.Succeeded)
            {
                await completions.AddForAsync(p, now, ct);
            }

            return moved;
        }, ct);

    /// <summary>
    /// The provider reports that the participant dropped out, or the participant withdraws. Idempotent: asking again
    /// once it has dropped out answers with the same view and changes nothing (no second history row or message).
    /// </summary>
    public Task<Outcome<PrescriptionView>> DropOutAsync(CurrentUser user, Guid id, ReasonRequest request, CancellationToken ct) =>
        MoveAsync(user, id, [Roles.ProviderAdmin, Roles.Trainer, Roles.Participant], PrescriptionStatus.DroppedOut,
            string.IsNullOrWhiteSpace(request.Reason) ? "withdrawn" : request.Reason.Trim(), ct,
            alreadyDone: p => p.Status == PrescriptionStatus.DroppedOut);

    /// <summary>
    /// The participant pauses their own prescription (<see cref="PauseRules"/>): the period's end moves by the paused
    /// days and the dropout clock stands still. The referrer and the gym hear of it (a <c>Paused</c> event, dates only).
    /// </summary>
    public Task<Outcome<PrescriptionView>> PauseAsync(CurrentUser user, Guid id, PauseRequest request, CancellationToken ct) =>
        RunAsync(user, id, [Roles.Participant], "pause", p =>
        {
            var parsed = request.Parse();
            if (!parsed.Succeeded)
            {
                var (field, errors) = parsed.Errors!.ToDictionary().First();
                return Task.FromResult(Invalid(field, errors[0]));
            }

            var (reason, note, first, last) = parsed.Value;
            var now = clock.GetUtcNow();
            var outcome = p.Pause(reason, note, first, last, user.AsActor, now, out var pause);
            if (outcome.Succeeded)
            {
                AddPauseEvent(p, PrescriptionEventType.Paused, pause!, now);
            }

            return Task.FromResult(outcome);
        }, ct);

    /// <summary>The participant ends a pause early: training resumes today and the unused days return to the allowance.</summary>
    public Task<Outcome<PrescriptionView>> ResumeAsync(CurrentUser user, Guid id, Guid pauseId, CancellationToken ct) =>
        RunAsync(user, id, [Roles.Participant], "resume", p =>
        {
            var now = clock.GetUtcNow();
            var outcome = p.EndPause(pauseId, now);
            if (outcome.Succeeded)
            {
                AddPauseEvent(p, PrescriptionEventType.PauseEnded, p.Pauses.First(x => x.Id == pauseId), now);
            }

            return Task.FromResult(outcome);
        }, ct);

    /// <summary>Only dates reach the referrer and the gym: never the reason or the participant's own words.</summary>
    private void AddPauseEvent(Prescription p, PrescriptionEventType type, PrescriptionPause pause, DateTimeOffset now) =>
        db.PrescriptionEvents.Add(new PrescriptionEvent
        {
            PrescriptionId = p.Id,
            Type = type,
            OccurredAt = now,
            Data = JsonSerializer.Serialize(new PauseData(pause.Id, pause.FirstDay, pause.LastDay, pause.Days, p.EndDate), JsonSerializerOptions.Web),
        });

    /// <summary>The longest reason the status history stores (StatusChangeConfiguration); longer ones are refused by name.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>A plain status change with an optional reason; <paramref name="alreadyDone"/> makes a repeat answer as the first did.</summary>
    private Task<Outcome<PrescriptionView>> MoveAsync(
        CurrentUser user, Guid id, string[] roles, PrescriptionStatus target, string? reason, CancellationToken ct,
        Func<Prescription, bool>? alreadyDone = null) =>
        RunAsync(user, id, roles, target.ToString(), p => Task.FromResult(reason is { Length: > MaxReasonLength }
            ? Invalid("reason", ErrorCodes.MaxLength.With(("max", MaxReasonLength)))
            : p.TransitionTo(target, user.AsActor, clock.GetUtcNow(), reason)), ct, alreadyDone);

    private async Task<Outcome<PrescriptionView>> RunAsync(
        CurrentUser user, Guid id, string[] roles, string step, Func<Prescription, Task<TransitionOutcome>> apply, CancellationToken ct,
        Func<Prescription, bool>? alreadyDone = null)
    {
        var resource = $"Prescription/{id}";
        var prescription = await queries.FindVisibleAsync(user, id, ct);
        if (prescription is null)
        {
            await audit.DeniedAsync(user, resource, $"{AuditAction.Update}:{step}", ct);
            return Failure.NotFound();
        }

        if (!user.Is(roles) || !await IsResponsibleAsync(user, prescription, ct))
        {
            await audit.DeniedAsync(user, resource, $"{AuditAction.Update}:{step}", ct);
            return Failure.Of(ApiErrorCodes.RoleCannotStep.With(("step", step)));
        }

        // A repeated request whose change is already made answers as the first did, and is recorded as a read.
        if (alreadyDone?.Invoke(prescription) == true)
        {
            audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, prescription.ParticipantId);
            await db.SaveChangesAsync(ct);
            return (await reader.ViewAsync(prescription, ct)).For(user);
        }

        var outcome = await apply(prescription);
        if (!outcome.Succeeded)
        {
            await audit.RefusedAsync(user, resource, $"{AuditAction.Update}:{step}", prescription.ParticipantId, ct);
            // The error's kind decides: a missing or bad field is 400 naming it, a refused step 409 on "status".
            return Failure.Of(outcome.Error!, outcome.Field ?? "status");
        }

        // The change, its history row and its audit row commit together in this one SaveChanges.
        audit.Add(user, resource, $"{AuditAction.Update}:{step}", AuditOutcome.Success, prescription.ParticipantId);
        var saved = await IssueRules.SaveGuardedAsync(db, ct);
        if (!saved.Succeeded)
        {
            await audit.RefusedAsync(user, resource, $"{AuditAction.Update}:{step}", prescription.ParticipantId, ct);
            return Failure.Of(saved.Error!, saved.Field);
        }

        return (await reader.ViewAsync(prescription, ct)).For(user);
    }

    /// <summary>A trainer may only act on prescriptions assigned to them; scope already guarantees the rest.</summary>
    private async Task<bool> IsResponsibleAsync(CurrentUser user, Prescription prescription, CancellationToken ct)
    {
        if (user.Role != Roles.Trainer)
        {
            return true;
        }

        var caller = await relationships.ResolveAsync(user, ct);
        return caller.TrainerId == prescription.TrainerId;
    }

    /// <summary>A refused step caused by a bad request field rather than the prescription's state (400 naming it).</summary>
    private static TransitionOutcome Invalid(string field, Error error) => TransitionOutcome.Refused(error, field);
}
