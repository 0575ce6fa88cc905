using AktivResept.Server.Features.Providers;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Providers;

/// <summary>Intent helpers for the gym admin's pages and routes.</summary>
public static class GymAdminKit
{
    public const string Nih = "Norges idrettshøyskole";

    /// <summary>Imports an issuer's list into the built-in register, as the <c>import-certifications</c> verb does.</summary>
    public static async Task<CertificationRegisterImporter.Result> ImportRegisterAsync(this AktivApiFactory app, params string[] rows)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var csv = "issuer,kind,certificateNumber,holderName,validFrom,validTo\n" + string.Join('\n', rows);
        return await scope.ServiceProvider.GetRequiredService<CertificationRegisterImporter>().ImportAsync(new StringReader(csv), "nih-test.csv", CancellationToken.None);
    }
}
