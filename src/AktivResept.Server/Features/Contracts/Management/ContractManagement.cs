using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Contracts.Management;

/// <summary>
/// The contract's lifecycle for the payer's side: create (a draft contract with draft version 1), edit a draft version,
/// make a new version from the latest, activate a draft (checked against the provider's registration; the previous
/// version is closed the day before), end or terminate with a reason. The provider's admin reads; others see nothing.
/// Every write is audited in its own unit of work, and nothing is saved when a check fails.
/// </summary>
public sealed class ContractManagement(AktivDbContext db, ContractAccess access, AuditLog audit, TimeProvider clock)
{
    public const int MaxReason = 1000;

    public async Task<Outcome<ContractDetail>> CreateAsync(CurrentUser user, CreateContractRequest request, CancellationToken ct)
    {
        if ((await access.PartyAsync(user, ct)).PayerId is not { } payerId)
        {
            return Failure.Of(ApiErrorCodes.ContractManagerOnly);
        }

        var errors = new ValidationErrors();
        if (request.ProviderId is not { } providerId || !await db.Providers.AnyAsync(p => p.Id == providerId, ct))
        {
            errors.Add("providerId", ApiErrorCodes.UnknownProvider);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors.Add("name", ErrorCodes.RequiredMaxLength.With(("max", 200)));
        }

        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (!VersionValidation.IsShare(request.CoFinancingShare ?? 0m))
        {
            errors.Add("coFinancingShare", ApiErrorCodes.Fraction);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var contract = new Contract
        {
            PayerId = payerId,
            ProviderId = request.ProviderId!.Value,
            Name = request.Name!.Trim(),
            ValidFrom = request.ValidFrom!.Value,
            ValidTo = request.ValidTo,
            StatusChangedAt = now,
            StatusChangedBy = user.Subject,
            CreatedAt = now,
            CreatedBy = user.Subject,
            StatusHistory = [new ContractStatusChange { To = ContractStatus.Draft, At = now, By = user.Subject }],
            Versions =
            [
                new ContractVersion
                {
                    Number = 1,
                    ValidFrom = request.ValidFrom!.Value,
                    ValidTo = request.ValidTo,
                    CoFinancingShare = request.CoFinancingShare ?? 0m,
                    CreatedAt = now,
                    CreatedBy = user.Subject,
                },
            ],
        };
        db.Contracts.Add(contract);
        audit.Add(user, $"Contract/{contract.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(contract, manages: true, ct);
    }

    public async Task<Outcome<Page<ContractSummary>>> ListAsync(CurrentUser user, ContractStatus? status, PageRequest page, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!page.Validate(errors))
        {
            return Failure.Invalid(errors);
        }

        var visible = access.Visible(await access.PartyAsync(user, ct)).AsNoTracking();
        if (status is { } wanted)
        {
            visible = visible.Where(c => c.Status == wanted);
        }

        var total = await visible.CountAsync(ct);
        var contracts = await visible.Include(c => c.Versions).OrderBy(c => c.ValidFrom).ThenBy(c => c.Id)
            .Skip(page.Skip).Take(page.PageSize).AsSplitQuery().ToListAsync(ct);
        return page.Of<ContractSummary>([.. contracts.Select(ContractViews.Summary)], total);
    }

    public async Task<Outcome<ContractDetail>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var party = await access.PartyAsync(user, ct);
        var contract = await access.Visible(party).AsNoTracking().Include(c => c.Versions).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);
        return contract is null ? Failure.NotFound() : await DetailAsync(contract, party.Manages, ct);
    }

    public async Task<Outcome<VersionView>> EditDraftAsync(CurrentUser user, Guid id, Guid versionId, EditVersionRequest request, CancellationToken ct)
    {
        var (contract, refused) = await ManagedAsync(user, id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (contract!.Versions.FirstOrDefault(v => v.Id == versionId) is not { } version)
        {
            return Failure.NotFound();
        }

        if (Unchangeable(contract, version) is { } notDraft)
        {
            return notDraft;
        }

        var errors = new ValidationErrors();
        var content = VersionValidation.Read(request, errors);
        if (content is null)
        {
            return Failure.Invalid(errors);
        }

        VersionValidation.Fits(contract, request.ValidFrom!.Value, request.ValidTo, content, await RegistrationAsync(contract.ProviderId, ct), registered: false, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        version.ValidFrom = request.ValidFrom!.Value;
        version.ValidTo = request.ValidTo;
        version.CoFinancingShare = request.CoFinancingShare ?? 0m;
        version.Capacity = content.Capacity;
        version.Availability = content.Availability;
        version.Content.ActivityTypes = content.Required.ActivityTypes;
        version.Content.TrainerCompetence = content.Required.TrainerCompetence;
        version.Kpis = content.Kpis;
        contract.ConcurrencyStamp++;
        audit.Add(user, $"Contract/{contract.Id}/versions/{version.Number}", AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return ContractViews.Version(version);
    }

    public async Task<Outcome<VersionView>> NewVersionAsync(CurrentUser user, Guid id, NewVersionRequest request, CancellationToken ct)
    {
        var (contract, refused) = await ManagedAsync(user, id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (contract!.Status is not (ContractStatus.Draft or ContractStatus.Active))
        {
            return Failure.Of(ApiErrorCodes.ContractNotOpen.With(("status", contract.Status)));
        }

        if (contract.Versions.FirstOrDefault(v => v.Status == ContractVersionStatus.Draft) is { } draft)
        {
            return Failure.Of(ApiErrorCodes.ContractHasDraft.With(("number", draft.Number)));
        }

        if (request.ValidFrom is not { } validFrom)
        {
            return Failure.Invalid("validFrom", ErrorCodes.Required);
        }

        if (validFrom < contract.ValidFrom)
        {
            return Failure.Invalid("validFrom", ErrorCodes.NotBefore.With(("other", "the contract's first day")));
        }

        if (contract.ValidTo is { } end && validFrom > end)
        {
            return Failure.Invalid("validFrom", ApiErrorCodes.ContractAfterEnd.With(("to", end)));
        }

        if (Overlap(contract, validFrom, null) is { } overlap)
        {
            return overlap;
        }

        var latest = contract.Versions.MaxBy(v => v.Number)!;
        var now = clock.GetUtcNow();
        var version = new ContractVersion
        {
            ContractId = contract.Id,
            Number = latest.Number + 1,
            ValidFrom = validFrom,
            ValidTo = latest.ValidTo >= validFrom ? latest.ValidTo : contract.ValidTo,
            CoFinancingShare = latest.CoFinancingShare,
            CreatedAt = now,
            CreatedBy = user.Subject,
            Capacity = [.. latest.Capacity.Select(c => new CapacityRequirement { LocationId = c.LocationId, ActivityType = c.ActivityType, PlacesPerWeek = c.PlacesPerWeek })],
            Availability = [.. latest.Availability.Select(a => new AvailabilityRequirement { LocationId = a.LocationId, IsoDays = [.. a.IsoDays], Opens = a.Opens, Closes = a.Closes, Features = [.. a.Features] })],
            Content = new ContentRequirement { ActivityTypes = [.. latest.Content.ActivityTypes], TrainerCompetence = latest.Content.TrainerCompetence },
            Kpis = [.. latest.Kpis.Select(k => new KpiRequirement
            {
                Metric = k.Metric,
                Parameters = new Dictionary<string, string>(k.Parameters, StringComparer.Ordinal),
                Threshold = k.Threshold,
                Direction = k.Direction,
                Period = k.Period,
                MinimumParticipants = k.MinimumParticipants,
                Category = k.Category,
            })],
        };
        db.ContractVersions.Add(version);
        contract.ConcurrencyStamp++;
        audit.Add(user, $"Contract/{contract.Id}/versions/{version.Number}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return ContractViews.Version(version);
    }

    public async Task<Outcome<ContractDetail>> ActivateAsync(CurrentUser user, Guid id, Guid versionId, CancellationToken ct)
    {
        var (contract, refused) = await ManagedAsync(user, id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (contract!.Versions.FirstOrDefault(v => v.Id == versionId) is not { } version)
        {
            return Failure.NotFound();
        }

        if (Unchangeable(contract, version) is { } notDraft)
        {
            return notDraft;
        }

        var errors = new ValidationErrors();
        var content = new VersionValidation.Content(version.Capacity, version.Availability, version.Content, version.Kpis);
        VersionValidation.Fits(contract, version.ValidFrom, version.ValidTo, content, await RegistrationAsync(contract.ProviderId, ct), registered: true, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        if (Overlap(contract, version.ValidFrom, version.ValidTo) is { } overlap)
        {
            return overlap;
        }

        var now = clock.GetUtcNow();
        if (contract.Versions.FirstOrDefault(v => v.Status == ContractVersionStatus.Active) is { } previous)
        {
            previous.Status = ContractVersionStatus.Superseded;
            if (previous.ValidTo is null || previous.ValidTo >= version.ValidFrom)
            {
                previous.ValidTo = version.ValidFrom.AddDays(-1);
            }
        }

        version.Status = ContractVersionStatus.Active;
        version.ActivatedAt = now;
        version.ActivatedBy = user.Subject;
        if (contract.Status == ContractStatus.Draft)
        {
            Move(contract, ContractStatus.Active, user, now, reason: null);
        }

        contract.ConcurrencyStamp++;
        audit.Add(user, $"Contract/{contract.Id}/versions/{version.Number}", "activate", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(contract, manages: true, ct);
    }

    public async Task<Outcome<ContractDetail>> EndAsync(CurrentUser user, Guid id, ContractStatusRequest request, CancellationToken ct)
    {
        var (contract, refused) = await ManagedAsync(user, id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (Reason(request) is { } missing)
        {
            return missing;
        }

        if (contract!.Status != ContractStatus.Active)
        {
            return Failure.Of(ApiErrorCodes.ContractNotActive.With(("status", contract.Status)));
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        if (contract.ValidTo is { } to && to >= today)
        {
            return Failure.Of(ApiErrorCodes.ContractStillRunning.With(("to", to)), "lastDay");
        }

        return await CloseAsync(contract, ContractStatus.Ended, contract.ValidTo ?? today, user, request.Reason!, now, ct);
    }

    public async Task<Outcome<ContractDetail>> TerminateAsync(CurrentUser user, Guid id, ContractStatusRequest request, CancellationToken ct)
    {
        var (contract, refused) = await ManagedAsync(user, id, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (Reason(request) is { } missing)
        {
            return missing;
        }

        if (contract!.Status != ContractStatus.Active)
        {
            return Failure.Of(ApiErrorCodes.ContractNotActive.With(("status", contract.Status)));
        }

        var now = clock.GetUtcNow();
        var lastDay = request.LastDay ?? Oslo.Today(now);
        if (lastDay < contract.ValidFrom)
        {
            return Failure.Invalid("lastDay", ErrorCodes.NotBefore.With(("other", "the contract's first day")));
        }

        if (contract.ValidTo is { } to && lastDay >= to)
        {
            return Failure.Invalid("lastDay", ApiErrorCodes.ContractNotBeforeEnd.With(("to", to)));
        }

        if (contract.Versions.Where(v => v.WasActivated && v.ValidFrom > lastDay).MinBy(v => v.ValidFrom) is { } later)
        {
            return Failure.Of(ApiErrorCodes.ContractTerminateBeforeVersion.With(("number", later.Number), ("from", later.ValidFrom)), "lastDay");
        }

        return await CloseAsync(contract, ContractStatus.Terminated, lastDay, user, request.Reason!, now, ct);
    }

    private async Task<Outcome<ContractDetail>> CloseAsync(
        Contract contract, ContractStatus status, DateOnly lastDay, CurrentUser user, string reason, DateTimeOffset now, CancellationToken ct)
    {
        contract.ValidTo = lastDay;
        foreach (var version in contract.Versions.Where(v => v.WasActivated && (v.ValidTo is null || v.ValidTo > lastDay)))
        {
            version.ValidTo = lastDay;
        }

        Move(contract, status, user, now, reason.Trim());
        contract.ConcurrencyStamp++;
        audit.Add(user, $"Contract/{contract.Id}", status == ContractStatus.Ended ? "end" : "terminate", AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(contract, manages: true, ct);
    }

    private static void Move(Contract contract, ContractStatus to, CurrentUser user, DateTimeOffset now, string? reason)
    {
        contract.StatusHistory.Add(new ContractStatusChange { From = contract.Status, To = to, At = now, By = user.Subject, Reason = reason });
        contract.Status = to;
        contract.StatusChangedAt = now;
        contract.StatusChangedBy = user.Subject;
        contract.StatusReason = reason;
    }

    /// <summary>The contract, tracked with its versions, if the caller manages it: 404 unless a party, 403 for the provider.</summary>
    private async Task<(Contract? Contract, Failure? Refused)> ManagedAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var party = await access.PartyAsync(user, ct);
        var contract = await access.Visible(party).Include(c => c.Versions).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return (null, Failure.NotFound());
        }

        return party.Manages ? (contract, null) : (null, Failure.Of(ApiErrorCodes.ContractReadOnly));
    }

    private static Failure? Unchangeable(Contract contract, ContractVersion version) =>
        contract.Status is not (ContractStatus.Draft or ContractStatus.Active)
            ? Failure.Of(ApiErrorCodes.ContractNotOpen.With(("status", contract.Status)))
            : version.Status != ContractVersionStatus.Draft
                ? Failure.Of(ApiErrorCodes.ContractVersionNotDraft.With(("number", version.Number), ("status", version.Status)))
                : null;

    /// <summary>
    /// A version from <paramref name="from"/> may follow the active one only if it starts after the active one does (which
    /// is then closed the day before), and may not overlap any superseded version at all.
    /// </summary>
    private static Failure? Overlap(Contract contract, DateOnly from, DateOnly? to)
    {
        var clash = contract.Versions.Where(v => v.WasActivated)
            .Where(v => v.Status == ContractVersionStatus.Active ? from <= v.ValidFrom : v.Overlaps(from, to))
            .MaxBy(v => v.ValidFrom);
        return clash is null
            ? null
            : Failure.Of(ApiErrorCodes.ContractVersionsOverlap.With(("number", clash.Number), ("from", clash.ValidFrom), ("validFrom", from)), "validFrom");
    }

    private static Failure? Reason(ContractStatusRequest request) =>
        string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReason
            ? Failure.Invalid("reason", ErrorCodes.RequiredMaxLength.With(("max", MaxReason)))
            : null;

    private async Task<ProviderRegistration> RegistrationAsync(Guid providerId, CancellationToken ct)
    {
        var locations = await db.Locations.AsNoTracking().Where(l => l.ProviderId == providerId).ToDictionaryAsync(l => l.Id, ct);
        var org = await db.Providers.Where(p => p.Id == providerId).Select(p => p.OrganisationNumber).FirstAsync(ct);
        var certifications = await db.TrainerCertifications.AsNoTracking()
            .Where(c => db.TrainerRoles.Any(r => r.TrainerId == c.TrainerId && r.OrganisationNumber == org))
            .ToListAsync(ct);
        return new ProviderRegistration(locations, [.. certifications.Select(c => c.ToDomain())]);
    }

    private async Task<ContractDetail> DetailAsync(Contract c, bool manages, CancellationToken ct)
    {
        var payer = await db.Payers.Where(p => p.Id == c.PayerId).Select(p => p.Name).FirstAsync(ct);
        var provider = await db.Providers.Where(p => p.Id == c.ProviderId).Select(p => p.Name).FirstAsync(ct);
        return new ContractDetail(
            c.Id, c.PayerId, payer, c.ProviderId, provider, c.Name, c.Status, c.StatusChangedAt, c.StatusChangedBy, c.StatusReason,
            c.ValidFrom, c.ValidTo, manages,
            [.. c.StatusHistory.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeView(h.From, h.To, h.At, h.By, h.Reason))],
            [.. c.Versions.OrderBy(v => v.Number).Select(ContractViews.Version)]);
    }
}
