using AktivResept.Domain.Calendar;
using AktivResept.Domain.Contracts;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers.Management;

/// <summary>
/// A gym's admin runs the gym's own records: its trainers' certificates (entered unverified, matched against the
/// issuer's register), its locations' opening hours, capacity and universal-design features (the very fields matching
/// and the contract checks read), and the account it is paid to. Only the admin of the gym; another gym's trainer or
/// location is 404 like an unknown one; every read and write is audited. Trainers are added through positions
/// (<c>POST /api/positions</c>), which keep the one rule for how much a person may work.
/// </summary>
public sealed class GymAdmin(AktivDbContext db, CallerRelationships relationships, CertificationVerifier verifier, AuditLog audit, TimeProvider clock)
{
    public const int ExpiryWindowDays = 60;
    public const int MaxIssuer = 200;
    public const int MaxCertificateNumber = 50;
    public const int MaxCapacity = 10_000;

    private sealed record Gym(Guid Id, string OrganisationNumber);

    public async Task<Outcome<IReadOnlyList<GymTrainer>>> TrainersAsync(CurrentUser user, CancellationToken ct)
    {
        if (await GymOfAsync(user, "Provider/trainers", AuditAction.Read, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var trainers = await TrainersAtAsync(gym, ct);
        audit.Add(user, $"Provider/{gym.Id}/trainers", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return trainers.Select(t => new GymTrainer(t.Trainer.Id, t.Trainer.Name, t.Position.Title,
            [.. t.Trainer.Certifications.OrderBy(c => c.ValidTo).Select(c => GymCertificate.Of(c, t.Trainer.Name))], t.Position.Id, t.Position.ValidTo)).ToList();
    }

    public async Task<Outcome<GymCertificate>> AddCertificationAsync(CurrentUser user, Guid trainerId, AddCertificationRequest request, CancellationToken ct)
    {
        var resource = $"Trainer/{trainerId}/certifications";
        if (await GymOfAsync(user, resource, AuditAction.Create, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var trainer = await db.Trainers.Where(t => t.Id == trainerId && t.Roles.Any(r => r.OrganisationNumber == gym.OrganisationNumber && r.Kind == PositionKind.Gym && (r.ValidTo == null || r.ValidTo >= today)))
            .FirstOrDefaultAsync(ct);
        if (trainer is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Create, ct);
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        CertificationKind kind = default;
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            errors.Add("kind", ErrorCodes.Required);
        }
        else if (!Enum.TryParse(request.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
        {
            errors.Add("kind", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<CertificationKind>()))));
        }

        var issuer = request.Issuer?.Trim();
        if (string.IsNullOrEmpty(issuer) || issuer.Length > MaxIssuer)
        {
            errors.Add("issuer", ErrorCodes.RequiredMaxLength.With(("max", MaxIssuer)));
        }

        var number = request.CertificateNumber?.Trim();
        if (string.IsNullOrEmpty(number) || number.Length > MaxCertificateNumber)
        {
            errors.Add("certificateNumber", ErrorCodes.RequiredMaxLength.With(("max", MaxCertificateNumber)));
        }

        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }

        if (request.ValidTo is null)
        {
            errors.Add("validTo", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var certificate = new TrainerCertification
        {
            TrainerId = trainer.Id,
            Kind = kind,
            Issuer = issuer!,
            CertificateNumber = number,
            ValidFrom = request.ValidFrom!.Value,
            ValidTo = request.ValidTo!.Value,
            EnteredByProvider = true,
        };
        db.TrainerCertifications.Add(certificate);
        await verifier.VerifyAsync([(certificate, trainer.Name)], ct);
        audit.Add(user, $"TrainerCertification/{certificate.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return GymCertificate.Of(certificate, trainer.Name);
    }

    /// <summary>Certificates of the gym's trainers that run out within <see cref="ExpiryWindowDays"/> days from today (Oslo), soonest first.</summary>
    public async Task<Outcome<ExpiringCertificates>> ExpiringAsync(CurrentUser user, CancellationToken ct)
    {
        if (await GymOfAsync(user, "Provider/certifications/expiring", AuditAction.Read, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var last = today.AddDays(ExpiryWindowDays);
        var expiring = (await TrainersAtAsync(gym, ct))
            .SelectMany(t => t.Trainer.Certifications.Select(c => GymCertificate.Of(c, t.Trainer.Name)))
            .Where(c => c.ValidTo >= today && c.ValidTo <= last)
            .OrderBy(c => c.ValidTo).ThenBy(c => c.TrainerName, StringComparer.Ordinal)
            .ToList();
        audit.Add(user, $"Provider/{gym.Id}/certifications/expiring", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return new ExpiringCertificates(today, ExpiryWindowDays, expiring);
    }

    public async Task<Outcome<IReadOnlyList<GymLocation>>> LocationsAsync(CurrentUser user, CancellationToken ct)
    {
        if (await GymOfAsync(user, "Provider/locations", AuditAction.Read, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var locations = await db.Locations.AsNoTracking().Where(l => l.ProviderId == gym.Id).OrderBy(l => l.Name).ToListAsync(ct);
        audit.Add(user, $"Provider/{gym.Id}/locations", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return locations.Select(GymLocation.Of).ToList();
    }

    /// <summary>
    /// Replaces a location's opening hours, capacity and universal-design features. Opening hours must read as
    /// <see cref="OpeningHours"/> does (what the contract checks parse), so nothing is stored that they would refuse.
    /// </summary>
    public async Task<Outcome<GymLocation>> UpdateLocationAsync(CurrentUser user, Guid id, UpdateLocationRequest request, CancellationToken ct)
    {
        var resource = $"Location/{id}";
        if (await GymOfAsync(user, resource, AuditAction.Update, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var location = await db.Locations.FirstOrDefaultAsync(l => l.Id == id && l.ProviderId == gym.Id, ct);
        if (location is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Update, ct);
            return Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var hours = request.OpeningHours?.Trim();
        if (string.IsNullOrEmpty(hours))
        {
            errors.Add("openingHours", ErrorCodes.Required);
        }
        else if (hours.Length > 300 || !OpeningHours.TryParse(hours, out _))
        {
            errors.Add("openingHours", ApiErrorCodes.LocationOpeningHours);
        }

        if (request.Capacity is not { } capacity)
        {
            errors.Add("capacity", ErrorCodes.Required);
        }
        else if (capacity is < 0 or > MaxCapacity)
        {
            errors.Add("capacity", ErrorCodes.Between.With(("min", 0), ("max", MaxCapacity)));
        }

        var features = new List<AccessibilityFeature>();
        foreach (var (name, index) in (request.AccessibilityFeatures ?? []).Select((n, i) => (n, i)))
        {
            if (!Enum.TryParse<AccessibilityFeature>(name, ignoreCase: true, out var feature) || !Enum.IsDefined(feature) || int.TryParse(name, out _))
            {
                errors.Add($"accessibilityFeatures[{index}]", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<AccessibilityFeature>()))));
                continue;
            }

            features.Add(feature);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        location.OpeningHours = hours!;
        location.Capacity = request.Capacity!.Value;
        location.AccessibilityFeatures = [.. features.Distinct().Order()];
        audit.Add(user, resource, AuditAction.Update, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return GymLocation.Of(location);
    }

    public async Task<Outcome<GymAccount>> AccountAsync(CurrentUser user, CancellationToken ct)
    {
        if (await GymOfAsync(user, "Provider/account", AuditAction.Read, ct) is not { } gym)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var stored = await db.Providers.AsNoTracking().Where(p => p.Id == gym.Id).Select(p => p.AccountNumber).FirstAsync(ct);
        audit.Add(user, $"Provider/{gym.Id}/account", AuditAction.Read, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return AccountNumber.TryParse(stored, out var account, out _)
            ? new GymAccount(account!.Value, account.Formatted, account.ToIban().Value)
            : new GymAccount(null, null, null);
    }

    private async Task<Gym?> GymOfAsync(CurrentUser user, string resource, string action, CancellationToken ct)
    {
        if (user.Is(Roles.ProviderAdmin) && await relationships.ProviderOfAsync(user, ct) is { } providerId)
        {
            return await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => new Gym(p.Id, p.OrganisationNumber)).FirstAsync(ct);
        }

        await audit.DeniedAsync(user, resource, action, ct);
        return null;
    }

    /// <summary>Everyone with a current or coming gym position here, with the title of that position.</summary>
    private async Task<List<(Trainer Trainer, TrainerRole Position)>> TrainersAtAsync(Gym gym, CancellationToken ct)
    {
        var today = OsloCalendar.DateOf(clock.GetUtcNow());
        var org = gym.OrganisationNumber;
        var trainers = await db.Trainers.AsNoTracking().Include(t => t.Certifications).Include(t => t.Roles)
            .Where(t => t.Roles.Any(r => r.OrganisationNumber == org && r.Kind == PositionKind.Gym && (r.ValidTo == null || r.ValidTo >= today)))
            .ToListAsync(ct);
        return [.. trainers.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t,
            t.Roles.Where(r => r.OrganisationNumber == org && r.Kind == PositionKind.Gym && (r.ValidTo == null || r.ValidTo >= today)).OrderBy(r => r.ValidFrom).First()))];
    }
}
