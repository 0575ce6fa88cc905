using AktivResept.Domain.Errors;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Providers;

/// <summary>The provider directory: organisational data open to every signed-in role; staff lists only to the provider itself.</summary>
public static class ProvidersModule
{
    public static IServiceCollection AddProviders(this IServiceCollection services) => services.AddScoped<ProviderAccount>()
        .AddScoped<ICertificationRegister, DatabaseCertificationRegister>().AddScoped<CertificationVerifier>()
        .AddScoped<CertificationRegisterImporter>().AddScoped<Management.GymAdmin>().AddScoped<Management.CertificationRegisterUpload>();

    public static IEndpointRouteBuilder MapProviders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers").WithApiDefaults("Providers");

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<ProviderView>>, ProblemHttpResult>> (string? kommunenummer, string? organisationNumber, string? name, AktivDbContext db, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            if (kommunenummer is not null && !Kommunenummer.TryParse(kommunenummer, out _, out var error))
            {
                errors.Add("kommunenummer", error);
            }

            if (organisationNumber is not null && !OrganisationNumber.TryParse(organisationNumber, out _, out var orgError))
            {
                errors.Add("organisationNumber", orgError);
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var query = db.Providers.AsNoTracking().Include(p => p.Locations).AsQueryable();
            if (kommunenummer is not null)
            {
                query = query.Where(p => p.Locations.Any(l => l.Kommunenummer == kommunenummer));
            }

            if (organisationNumber is not null)
            {
                query = query.Where(p => p.OrganisationNumber == organisationNumber);
            }

            if (!string.IsNullOrWhiteSpace(name))
            {
                var pattern = $"%{name.Trim().ToLowerInvariant()}%";
                // Translated to SQL lower(): no .NET culture is involved.
#pragma warning disable CA1304, CA1311
                query = query.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern));
#pragma warning restore CA1304, CA1311
            }

            var providers = await query.OrderBy(p => p.Name).Take(200).ToListAsync(ct);
            return TypedResults.Ok<IReadOnlyList<ProviderView>>(providers.Select(ToView).ToList());
        });

        group.MapPut("/me/account", async (SetAccountRequest request, ICurrentUserAccessor me, ProviderAccount accounts, CancellationToken ct) =>
                (await accounts.SetAsync(me.Caller(), request, ct)).ToOk())
            .WithSummary("Provider admin: the Norwegian account (11 digits, mod-11) claims are paid to");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ProviderView>, ProblemHttpResult>> (Guid id, AktivDbContext db, CancellationToken ct) =>
        {
            var provider = await db.Providers.AsNoTracking().Include(p => p.Locations).FirstOrDefaultAsync(p => p.Id == id, ct);
            return provider is null ? Problems.Of(StatusCodes.Status404NotFound, "Not found", ErrorCodes.NotFound) : TypedResults.Ok(ToView(provider));
        });

        group.MapGet("/{id:guid}/trainers", async Task<Results<Ok<IReadOnlyList<TrainerOption>>, ProblemHttpResult>> (Guid id, ICurrentUserAccessor me, AktivDbContext db, AuditLog audit, CancellationToken ct) =>
        {
            var user = me.Caller();
            var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (provider is null || user.Role != Roles.ProviderAdmin || user.Organisation?.Value != provider.OrganisationNumber)
            {
                await audit.DeniedAsync(user, $"Provider/{id}/trainers", AuditAction.Read, ct);
                return Problems.Of(StatusCodes.Status404NotFound, "Not found", ErrorCodes.NotFound);
            }

            var trainers = await db.Trainers.AsNoTracking().Include(t => t.Certifications)
                .Where(t => t.Roles.Any(r => r.OrganisationNumber == provider.OrganisationNumber))
                .OrderBy(t => t.Name).ToListAsync(ct);
            audit.Add(user, $"Provider/{id}/trainers", AuditAction.Read, AuditOutcome.Success);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok<IReadOnlyList<TrainerOption>>(trainers
                .Select(t => new TrainerOption(t.Id, t.Name, t.Certifications.Select(c => new CertificationView(c.Kind, c.Issuer, c.ValidFrom, c.ValidTo)).ToList()))
                .ToList());
        });

        Management.GymAdminEndpoints.MapGymAdmin(app);
        return app;
    }

    private static ProviderView ToView(Provider p) =>
        new(p.Id, p.OrganisationNumber, p.Name, p.Locations.OrderBy(l => l.Name).Select(LocationView.From).ToList());
}
