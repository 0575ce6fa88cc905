using System.Security.Cryptography;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Pilots;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Pilots;

/// <summary>
/// A pilot's allocation design: drawn from a seed (given, or a random one that is then stored), kept with the list it
/// produced, replaceable by the lead coordinator until the first outcome exists (<see cref="IPilotOutcomes"/>), then
/// frozen (409). Reading it checks the stored list against a fresh draw from the stored seed.
/// </summary>
public sealed class PilotAllocations(AktivDbContext db, PilotAccess access, IPilotOutcomes outcomes, AuditLog audit, TimeProvider clock)
{
    /// <summary>Seeds stay within JSON's exact integers, so every client reads back the seed that was stored.</summary>
    public const long MaxSeed = (1L << 53) - 1;

    public async Task<Outcome<AllocationView>> SetAsync(CurrentUser user, Guid pilotId, SetAllocationRequest request, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        if (pilot is null || PilotAccess.ViewOf(pilot, caller) == PilotView.None)
        {
            return Failure.NotFound();
        }

        if (!PilotAccess.Manages(pilot, caller))
        {
            return Failure.Of(ApiErrorCodes.PilotLeadOnly);
        }

        var errors = new ValidationErrors();
        if (request.Design is null)
        {
            errors.Add("design", ErrorCodes.Required);
        }

        if (request.Seed is < 0 or > MaxSeed)
        {
            errors.Add("seed", ApiErrorCodes.PilotSeed);
        }

        var arms = request.Arms?.Select(a => a?.Trim() ?? string.Empty).ToList() ?? [];
        var randomised = request.Design is AllocationDesign.RandomisedMunicipalities or AllocationDesign.RandomisedParticipants;
        if (randomised && (arms.Count is < 2 or > Allocations.MaxArms || arms.Any(a => a.Length is 0 or > 40) || arms.Distinct(StringComparer.Ordinal).Count() != arms.Count))
        {
            errors.Add("arms", ApiErrorCodes.PilotArms);
        }

        var blockSize = request.BlockSize ?? (arms.Count * 2);
        if (request.Design == AllocationDesign.RandomisedParticipants && arms.Count >= 2 && !Allocations.IsBlockSize(blockSize, arms.Count))
        {
            errors.Add("blockSize", ApiErrorCodes.PilotBlockSize.With(("arms", arms.Count)));
        }

        if (request.Design == AllocationDesign.SteppedWedge)
        {
            if (request.FirstStart is null)
            {
                errors.Add("firstStart", ErrorCodes.Required);
            }

            if (request.StepMonths is not (>= 1 and <= 24))
            {
                errors.Add("stepMonths", ErrorCodes.Between.With(("min", 1), ("max", 24)));
            }
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var design = request.Design!.Value;
        var minimum = design == AllocationDesign.RandomisedMunicipalities ? arms.Count : 2;
        if (design != AllocationDesign.RandomisedParticipants && pilot.Municipalities.Count < minimum)
        {
            return Failure.Of(ApiErrorCodes.PilotTooFewMunicipalities.With(("design", design), ("minimum", minimum), ("count", pilot.Municipalities.Count)));
        }

        if (await outcomes.AnyAsync(pilot.Id, ct))
        {
            await audit.RefusedAsync(user, $"Pilot/{pilot.Id}/allocation", AuditAction.Update, null, ct);
            return Failure.Of(ApiErrorCodes.PilotAllocationFrozen);
        }

        var seed = request.Seed ?? (BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & MaxSeed);
        var existing = await db.PilotAllocations.FirstOrDefaultAsync(a => a.PilotId == pilot.Id, ct);
        var enrolled = await db.PilotEnrolments.CountAsync(e => e.PilotId == pilot.Id, ct);
        var allocation = new PilotAllocation
        {
            PilotId = pilot.Id,
            Design = design,
            Seed = seed,
            Arms = randomised ? arms : [],
            BlockSize = design == AllocationDesign.RandomisedParticipants ? blockSize : null,
            FirstStart = design == AllocationDesign.SteppedWedge ? request.FirstStart : null,
            StepMonths = design == AllocationDesign.SteppedWedge ? request.StepMonths : null,
            Revision = (existing?.Revision ?? 0) + 1,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.Subject,
        };
        Draw(allocation, pilot, Math.Max(pilot.CohortTarget, enrolled));
        if (existing is not null)
        {
            db.PilotAllocations.Remove(existing);
        }

        db.PilotAllocations.Add(allocation);
        pilot.ConcurrencyStamp++;
        audit.Add(user, $"Pilot/{pilot.Id}/allocation", existing is null ? AuditAction.Create : AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(allocation, pilot, PilotView.AllMunicipalities, null, ct);
    }

    public async Task<Outcome<AllocationView>> GetAsync(CurrentUser user, Guid pilotId, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var pilot = await access.Visible(caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pilotId, ct);
        var view = pilot is null ? PilotView.None : PilotAccess.ViewOf(pilot, caller);
        if (view == PilotView.None)
        {
            return Failure.NotFound();
        }

        var allocation = await db.PilotAllocations.AsNoTracking().FirstOrDefaultAsync(a => a.PilotId == pilotId, ct);
        return allocation is null ? Failure.Of(ApiErrorCodes.PilotNoAllocation) : await ViewAsync(allocation, pilot!, view, caller.MunicipalityId, ct);
    }

    /// <summary>Fills the allocation's lists from its seed: municipalities for a cluster design, participant places for the other.</summary>
    internal static void Draw(PilotAllocation allocation, Pilot pilot, int places)
    {
        var byKommune = pilot.Municipalities.ToDictionary(m => m.Kommunenummer, m => m.PayerId, StringComparer.Ordinal);
        IReadOnlyList<MunicipalityAllocation> drawn = allocation.Design switch
        {
            AllocationDesign.SteppedWedge => Allocations.SteppedWedge(allocation.Seed, byKommune.Keys, allocation.FirstStart!.Value, allocation.StepMonths!.Value),
            AllocationDesign.RandomisedMunicipalities => Allocations.ByMunicipality(allocation.Seed, byKommune.Keys, allocation.Arms),
            _ => [],
        };
        allocation.Municipalities = [.. drawn.Select(d => new PilotMunicipalityAllocation { PayerId = byKommune[d.Kommunenummer], Kommunenummer = d.Kommunenummer, Step = d.Step, Arm = d.Arm, Start = d.Start })];
        allocation.ParticipantArms = allocation.Design == AllocationDesign.RandomisedParticipants
            ? [.. Allocations.ByParticipant(allocation.Seed, allocation.Arms, allocation.BlockSize!.Value, RoundUp(places, allocation.BlockSize!.Value))]
            : [];
    }

    private static int RoundUp(int count, int block) => Math.Max(block, (count + block - 1) / block * block);

    /// <summary>Whether the stored lists are exactly what the stored seed draws.</summary>
    internal static bool Reproduces(PilotAllocation stored, Pilot pilot)
    {
        var fresh = new PilotAllocation { Design = stored.Design, Seed = stored.Seed, Arms = stored.Arms, BlockSize = stored.BlockSize, FirstStart = stored.FirstStart, StepMonths = stored.StepMonths };
        Draw(fresh, pilot, stored.ParticipantArms.Count);
        return fresh.ParticipantArms.SequenceEqual(stored.ParticipantArms, StringComparer.Ordinal)
            && fresh.Municipalities.OrderBy(m => m.Kommunenummer, StringComparer.Ordinal).Select(m => (m.PayerId, m.Step, m.Arm, m.Start))
                .SequenceEqual(stored.Municipalities.OrderBy(m => m.Kommunenummer, StringComparer.Ordinal).Select(m => (m.PayerId, m.Step, m.Arm, m.Start)));
    }

    private async Task<AllocationView> ViewAsync(PilotAllocation allocation, Pilot pilot, PilotView view, Guid? caller, CancellationToken ct)
    {
        var names = await db.Payers.AsNoTracking().Where(p => pilot.Municipalities.Select(m => m.PayerId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var full = view == PilotView.AllMunicipalities;
        var frozen = await outcomes.AnyAsync(pilot.Id, ct);
        return new AllocationView(allocation.Design, full ? allocation.Seed : null, allocation.Arms, allocation.BlockSize, allocation.FirstStart, allocation.StepMonths,
            allocation.Revision, allocation.CreatedAt, allocation.CreatedBy, frozen, full ? Reproduces(allocation, pilot) : null,
            [.. allocation.Municipalities.Where(m => full || m.PayerId == caller).OrderBy(m => m.Step).Select(m => new MunicipalityAllocationView(m.PayerId, names.GetValueOrDefault(m.PayerId, "?"), m.Kommunenummer, m.Step, m.Arm, m.Start))],
            full ? allocation.ParticipantArms : null);
    }
}
