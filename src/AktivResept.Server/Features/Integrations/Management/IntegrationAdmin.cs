using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Common.Webhooks;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Integrations.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Features.Integrations.Management;

public sealed record CreateIntegrationRequest(string? Name);

public sealed record RotateSecretRequest(int? OverlapHours);

/// <summary>An integration as its provider admin sees it. <see cref="Secret"/> is only ever filled once, when made.</summary>
public sealed record IntegrationView(Guid Id, string Name, bool Enabled, DateTimeOffset CreatedAt, IReadOnlyList<SecretView> Secrets, string? Secret = null);

public sealed record SecretView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// Provider admins register their gym systems and rotate signing secrets. A rotation makes a new current secret and
/// lets the previous one work until the overlap ends, so senders can switch without losing a delivery; at most two
/// secrets are ever active.
/// </summary>
public sealed class IntegrationAdmin(
    AktivDbContext db,
    CallerRelationships relationships,
    AtRestCipher cipher,
    IntegrationKeys keys,
    AuditLog audit,
    TimeProvider clock,
    IOptions<IntegrationOptions> options)
{
    public const int MaxOverlapHours = 24 * 30;

    public async Task<Outcome<IntegrationView>> CreateAsync(CurrentUser user, CreateIntegrationRequest request, CancellationToken ct)
    {
        if (await ProviderOfAsync(user, ct) is not { } providerId)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return Failure.Invalid("name", ErrorCodes.RequiredMaxLength.With(("max", 200)));
        }

        var now = clock.GetUtcNow();
        var key = StandardWebhookSignature.NewKey();
        var integration = new GymIntegration { ProviderId = providerId, Name = name, CreatedAt = now };
        integration.Secrets.Add(new IntegrationSecret { IntegrationId = integration.Id, KeyProtected = cipher.EncryptBytes(key), CreatedAt = now });
        db.GymIntegrations.Add(integration);
        audit.Add(user, $"Integration/{integration.Id}", AuditAction.Create, AuditOutcome.Success, null);
        await db.SaveChangesAsync(ct);
        return View(integration, now) with { Secret = StandardWebhookSignature.FormatSecret(key) };
    }

    public async Task<Outcome<IReadOnlyList<IntegrationView>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (await ProviderOfAsync(user, ct) is not { } providerId)
        {
            return Failure.Of(ApiErrorCodes.ProviderAdminOnly);
        }

        var now = clock.GetUtcNow();
        var list = await db.GymIntegrations.AsNoTracking().Include(i => i.Secrets).Where(i => i.ProviderId == providerId).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        return list.Select(i => View(i, now)).ToList();
    }

    public async Task<Outcome<IntegrationView>> RotateAsync(CurrentUser user, Guid id, RotateSecretRequest request, CancellationToken ct)
    {
        var providerId = await ProviderOfAsync(user, ct);
        var integration = providerId is null ? null : await db.GymIntegrations.Include(i => i.Secrets).FirstOrDefaultAsync(i => i.Id == id && i.ProviderId == providerId, ct);
        if (integration is null)
        {
            await audit.DeniedAsync(user, $"Integration/{id}", $"{AuditAction.Update}:rotate", ct);
            return Failure.NotFound();
        }

        var overlap = request.OverlapHours ?? options.Value.RotationOverlapHours;
        if (overlap is < 0 or > MaxOverlapHours)
        {
            return Failure.Invalid("overlapHours", ErrorCodes.Between.With(("min", 0), ("max", MaxOverlapHours)));
        }

        var now = clock.GetUtcNow();
        foreach (var secret in integration.Secrets.Where(s => s.IsActiveAt(now)))
        {
            // The current secret keeps working for the overlap; one already on its way out stops now.
            secret.ExpiresAt = secret.ExpiresAt is null ? now.AddHours(overlap) : now;
        }

        var key = StandardWebhookSignature.NewKey();
        var fresh = new IntegrationSecret { IntegrationId = integration.Id, KeyProtected = cipher.EncryptBytes(key), CreatedAt = now };
        integration.Secrets.Add(fresh);
        db.IntegrationSecrets.Add(fresh);
        audit.Add(user, $"Integration/{integration.Id}", $"{AuditAction.Update}:rotate", AuditOutcome.Success, null);
        await db.SaveChangesAsync(ct);
        keys.Evict(integration.Id);
        return View(integration, now) with { Secret = StandardWebhookSignature.FormatSecret(key) };
    }

    private async Task<Guid?> ProviderOfAsync(CurrentUser user, CancellationToken ct) =>
        user.Role == Roles.ProviderAdmin ? (await relationships.ResolveAsync(user, ct)).ProviderId : null;

    private static IntegrationView View(GymIntegration i, DateTimeOffset now) =>
        new(i.Id, i.Name, i.Enabled, i.CreatedAt,
            [.. i.Secrets.Where(s => s.IsActiveAt(now)).OrderBy(s => s.CreatedAt).Select(s => new SecretView(s.Id, s.CreatedAt, s.ExpiresAt))]);
}
