using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Testing;

/// <summary>
/// Finds seeded demo rows by their stable keys (the national ids in DemoIdentities), never by a display name that a
/// copy edit could change. Locations have fixed ids in DemoIdentities instead.
/// </summary>
public static class DemoRows
{
    public static async Task<Guid> PersonIdAsync(this IServiceProvider services, string nationalId)
    {
        await using var scope = services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(nationalId);
        return await scope.ServiceProvider.GetRequiredService<AktivDbContext>().People.Where(p => p.NationalIdHash == hash).Select(p => p.Id).SingleAsync();
    }

    public static async Task<Guid> TrainerIdAsync(this IServiceProvider services, string nationalId)
    {
        await using var scope = services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<NationalIdLookupHash>().Of(nationalId);
        return await scope.ServiceProvider.GetRequiredService<AktivDbContext>().Trainers.Where(t => t.NationalIdHash == hash).Select(t => t.Id).SingleAsync();
    }

    /// <summary>The role the trainer holds at the organisation (the id a FHIR PractitionerRole carries).</summary>
    public static async Task<Guid> TrainerRoleIdAsync(this IServiceProvider services, string nationalId, string organisationNumber)
    {
        var trainer = await services.TrainerIdAsync(nationalId);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AktivDbContext>().TrainerRoles
            .Where(r => r.TrainerId == trainer && r.OrganisationNumber == organisationNumber).Select(r => r.Id).SingleAsync();
    }
}
