using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Payers;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Generation;

/// <summary>A prescription whose sessions could not be put on a claim, and why (e.g. no payer registered).</summary>
public sealed record UnbilledPrescription(Guid PrescriptionId, int Sessions, Error Reason);

public sealed record GenerationResult(DateOnly Month, IReadOnlyList<Guid> ClaimIds, IReadOnlyList<UnbilledPrescription> Unbilled);

/// <summary>
/// Builds a provider's claims for one calendar month, one per payer: every billable session not yet on a submitted
/// claim is validated and priced (Domain/Claims) and written to the month's draft. Regenerating rebuilds the draft
/// from the same facts, so it is idempotent; once a claim is submitted, later sessions go on a new supplementary
/// claim with the next sequence number. The whole month is written in one transaction under the month's lock.
/// The «Aktiv på dagtid» programmes the provider runs for a payer go on the same claims (<see cref="ProgrammeCharges"/>).
/// </summary>
public sealed class ClaimGenerator(AktivDbContext db, ClaimInputReader reader, ProgrammeClaimReader programmes, PayerTerms terms, ClaimLineWriter writer, TimeProvider clock)
{
    public async Task<GenerationResult> GenerateAsync(Guid providerId, DateOnly month, Actor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimLocks.LockMonthAsync(db, providerId, month, ct);

        var inputs = await reader.ReadAsync(providerId, month, ct);
        var linesByPayer = new Dictionary<Guid, (Payer Payer, List<ClaimLine> Lines)>();
        var unbilled = new List<UnbilledPrescription>();
        foreach (var sessions in inputs.Sessions.GroupBy(s => s.PrescriptionId))
        {
            var prescription = inputs.Prescriptions[sessions.Key];
            var (payer, problem) = await terms.PayerForAsync(prescription, ct);
            if (payer is null)
            {
                unbilled.Add(new UnbilledPrescription(prescription.Id, sessions.Count(), problem!));
                continue;
            }

            var pricing = await terms.TermsAsync(payer, providerId, month, ct);
            if (!linesByPayer.TryGetValue(payer.Id, out var group))
            {
                linesByPayer[payer.Id] = group = (payer, []);
            }

            group.Lines.AddRange(Lines(providerId, prescription, [.. sessions], inputs, pricing));
        }

        foreach (var programme in await programmes.ReadAsync(providerId, month, ct))
        {
            var payer = await terms.PayerAsync(programme.PayerId, ct);
            var charges = payer is null ? [] : ProgrammeCharges.For(programme.Funding, programme.Sessions, await terms.TermsAsync(payer, providerId, month, ct));
            if (charges.Count == 0)
            {
                continue;
            }

            if (!linesByPayer.TryGetValue(payer!.Id, out var group))
            {
                linesByPayer[payer.Id] = group = (payer, []);
            }

            group.Lines.AddRange(charges.Select(ProgrammeLine));
        }

        var now = clock.GetUtcNow();
        var drafts = await db.Claims.Where(c => c.ProviderId == providerId && c.Month == month && c.Status == ClaimStatus.Draft).ToListAsync(ct);
        var claimIds = new List<Guid>();
        foreach (var (payerId, group) in linesByPayer.OrderBy(g => g.Key))
        {
            var claim = drafts.FirstOrDefault(d => d.PayerId == payerId) ?? await NewClaimAsync(providerId, payerId, month, actor, now, ct);
            var credits = await writer.ReplaceLinesAsync(claim, group.Lines, ct);
            claim.Recount([.. group.Lines, .. credits]);
            claim.UpdatedAt = now;
            claim.Version++;
            claimIds.Add(claim.Id);
        }

        foreach (var emptied in drafts.Where(d => !linesByPayer.ContainsKey(d.PayerId)))
        {
            // A draft whose sessions have all gone (e.g. dismissed) is nothing to submit, unless it carries corrections.
            await db.ClaimLines.Where(l => l.ClaimId == emptied.Id && l.Kind == ClaimLineKind.Charge).ExecuteDeleteAsync(ct);
            var credits = await db.ClaimLines.AsNoTracking().Where(l => l.ClaimId == emptied.Id).ToListAsync(ct);
            if (credits.Count == 0)
            {
                db.Claims.Remove(emptied);
            }
            else
            {
                emptied.Recount(credits);
                emptied.Version++;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new GenerationResult(month, claimIds, unbilled);
    }

    public async Task<Claim> NewClaimAsync(Guid providerId, Guid payerId, DateOnly month, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var sequence = await db.Claims.Where(c => c.ProviderId == providerId && c.PayerId == payerId && c.Month == month)
            .Select(c => (int?)c.Sequence).MaxAsync(ct);
        var claim = new Claim
        {
            ProviderId = providerId,
            PayerId = payerId,
            Month = month,
            Sequence = sequence is { } last ? last + 1 : 0,
            Status = ClaimStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Claims.Add(claim);
        db.ClaimEvents.Add(new ClaimEvent { ClaimId = claim.Id, To = ClaimStatus.Draft, Actor = actor.Id, Role = actor.Role, At = now, Note = claim.IsSupplementary ? "supplementary" : null });
        return claim;
    }

    private static ClaimLine ProgrammeLine(ProgrammeCharge charge) => new()
    {
        Kind = ClaimLineKind.Charge,
        SessionId = charge.ChargedId,
        ProgrammeSessionId = charge.SessionId,
        ProgrammeBookingId = charge.BookingId,
        ParticipantId = charge.PersonId,
        TrainerId = charge.TrainerId,
        ServiceDate = charge.Date,
        OccurredAt = charge.OccurredAt,
        Service = charge.Service,
        TariffId = charge.Tariff?.Id,
        Tariff = charge.Price.Tariff,
        PublicShare = charge.Price.PublicShare,
        Copay = charge.Price.Copay,
        CoFinancing = charge.Price.CoFinancing,
        Status = charge.IsPriced ? ClaimLineStatus.Priced : ClaimLineStatus.Refused,
        Refusals = [.. charge.Reasons],
    };

    private static IEnumerable<ClaimLine> Lines(Guid providerId, PrescriptionRow prescription, List<SessionRow> sessions, ClaimInputs inputs, PricingTerms pricing)
    {
        var domain = prescription.ToDomain([.. inputs.BenefitsByPerson[prescription.NationalIdHash]]);
        var claimed = inputs.ClaimedByPrescription[prescription.Id].ToList();
        var byId = sessions.ToDictionary(s => s.Id);
        var candidates = sessions.Select(s => new SessionCandidate(s.Id, providerId, s.OccurredAt, s.Kind,
            [.. inputs.CertificationsByTrainer[s.TrainerId ?? prescription.TrainerId ?? Guid.Empty]], s.Service));
        var validated = ClaimValidator.Validate(domain, candidates, claimed, pricing);

        var gymDays = validated.Select(l => l.Date).Where(d => inputs.GymEventDays.Contains((prescription.ParticipantId, d))).ToHashSet();
        var trainerRegistered = sessions.Where(s => s.Source == AttendanceSource.Trainer).Select(s => s.Id).ToHashSet();
        var unverifiedTrainer = sessions.Where(s => Certification.OnlyUnverified([.. inputs.CertificationsByTrainer[s.TrainerId ?? prescription.TrainerId ?? Guid.Empty]]))
            .Select(s => s.Id).ToHashSet();
        var signals = ClaimSignals.For(domain, validated, gymDays, trainerRegistered, inputs.TrainerInTwoPlaces, claimed, unverifiedTrainer);

        return validated.Select(line => new ClaimLine
        {
            Kind = ClaimLineKind.Charge,
            SessionId = line.Session.SessionId,
            PrescriptionId = prescription.Id,
            ParticipantId = prescription.ParticipantId,
            TrainerId = byId[line.Session.SessionId].TrainerId ?? prescription.TrainerId,
            ServiceDate = line.Date,
            OccurredAt = line.Session.OccurredAt,
            Service = line.Service,
            TariffId = line.IsPriced ? line.Tariff!.Id : null,
            Tariff = line.Price.Tariff,
            PublicShare = line.Price.PublicShare,
            Copay = line.Price.Copay,
            CoFinancing = line.Price.CoFinancing,
            Status = line.IsPriced ? ClaimLineStatus.Priced : ClaimLineStatus.Refused,
            Refusals = [.. line.Reasons],
            Signals = signals.TryGetValue(line.Session.SessionId, out var found) ? [.. found] : [],
        });
    }
}
