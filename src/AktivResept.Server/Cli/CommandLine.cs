using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Claims.Generation;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AktivResept.Server.Cli;

/// <summary>
/// Administrative verbs run by the same host instead of serving HTTP:
/// <c>migrate</c>, <c>seed-demo [--base]</c>, <c>import-benefits FILE</c>, <c>import-benefit-population FILE</c>, <c>import-care-relationships FILE</c>, <c>generate-claims YYYY-MM</c>, <c>dialogmelding list|export|set-channel</c> (DialogmeldingVerbs), <c>verify-audit [--checkpoint FILE]</c>, <c>export-audit-checkpoint FILE</c> (AuditVerbs), <c>import-certifications FILE</c>, <c>key-status</c>, <c>rekey</c> (KeyVerbs) and (Development only) <c>dev-token</c>.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "import-benefits", "import-benefit-population", "import-care-relationships", "generate-claims", "dev-token", "dialogmelding", "verify-audit", "export-audit-checkpoint", "import-certifications", "key-status", "rekey"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>The arguments the web host may see: none of a verb's own.</summary>
    public static string[] HostArguments(string[] args) => IsVerb(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ct = CancellationToken.None;
        switch (args[0])
        {
            case "migrate":
                return await AuditVerbs.MigrateAsync(services, Console.Out, Console.Error, ct);

            case "seed-demo":
                await services.GetRequiredService<AktivDbContext>().Database.MigrateAsync(ct);

                // --base: only the base data the test fixtures start from, without the year of history (the restore drill).
                var seeded = args.Contains("--base")
                    ? await services.GetRequiredService<DemoSeeder>().SeedAsync(ct)
                    : await DemoModule.SeedFullDemoAsync(services, ct);
                await Console.Out.WriteLineAsync(seeded ? "Demo data seeded." : "Demo data already present; nothing changed.");
                return 0;

            case "import-benefits":
                return await ImportBenefitsAsync(services, args, ct);

            case "import-benefit-population":
                return await ImportBenefitPopulationAsync(services, args, ct);

            case "import-care-relationships":
                return await ImportCareRelationshipsAsync(services, args, ct);

            case "import-certifications":
                return await ImportCertificationsAsync(services, args, ct);

            case "generate-claims":
                return await GenerateClaimsAsync(app.Services, args, ct);

            case "dev-token":
                return await DevTokenAsync(services, args);

            case "dialogmelding":
                return await DialogmeldingVerbs.RunAsync(services, args, ct);

            case "verify-audit":
                return await AuditVerbs.VerifyAsync(services, args, Console.Out, Console.Error, ct);

            case "export-audit-checkpoint":
                return await AuditVerbs.ExportCheckpointAsync(services, args, Console.Out, Console.Error, ct);

            case "key-status":
                return await KeyVerbs.StatusAsync(services, Console.Out, Console.Error, ct);

            case "rekey":
                return await KeyVerbs.RekeyAsync(services, Console.Out, Console.Error, ct);

            default:
                return 2;
        }
    }

    /// <summary>The month-end run: every provider's claims for the month, each provider in its own transaction.</summary>
    private static async Task<int> GenerateClaimsAsync(IServiceProvider root, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !ClaimMonth.TryParse(args[1], out var month))
        {
            await Console.Error.WriteLineAsync("usage: generate-claims YYYY-MM");
            return 2;
        }

        List<Guid> providers;
        await using (var scope = root.CreateAsyncScope())
        {
            providers = await scope.ServiceProvider.GetRequiredService<AktivDbContext>().Providers.Select(p => p.Id).ToListAsync(ct);
        }

        var actor = new Actor("cli:generate-claims", "system");
        int claims = 0, unbilled = 0;
        foreach (var provider in providers)
        {
            await using var scope = root.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ClaimGenerator>().GenerateAsync(provider, month, actor, ct);
            claims += result.ClaimIds.Count;
            unbilled += result.Unbilled.Count;
            foreach (var item in result.Unbilled)
            {
                await Console.Error.WriteLineAsync($"provider {provider}: prescription {item.PrescriptionId} ({item.Sessions} sessions) not billed: {item.Reason}");
            }
        }

        await Console.Out.WriteLineAsync($"{ClaimMonth.Format(month)}: {claims} draft claim(s) for {providers.Count} provider(s); {unbilled} prescription(s) could not be billed.");
        return 0;
    }

    private static async Task<int> ImportBenefitsAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: import-benefits FILE.csv   (columns: nationalId,benefit,from,to)");
            return 2;
        }

        using var reader = new StreamReader(args[1]);
        var result = await services.GetRequiredService<BenefitImporter>().ImportAsync(reader, Path.GetFileName(args[1]), ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"line {error.Line}: {error.Field}: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"{result.Errors.Count} error(s); nothing was imported.");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Imported {result.Imported} benefit period(s).");
        return 0;
    }

    private static async Task<int> ImportCertificationsAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: import-certifications FILE.csv   (columns: issuer,kind,certificateNumber,holderName,validFrom,validTo)");
            return 2;
        }

        using var reader = new StreamReader(args[1]);
        var result = await services.GetRequiredService<CertificationRegisterImporter>().ImportAsync(reader, Path.GetFileName(args[1]), ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"line {error.Line}: {error.Field}: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"{result.Errors.Count} error(s); nothing was imported.");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Imported {result.Imported} register row(s); {result.Verified} certificate(s) verified.");
        return 0;
    }

    private static async Task<int> ImportCareRelationshipsAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: import-care-relationships FILE.csv   (columns: nationalId,hpr,organisationNumber,since)");
            return 2;
        }

        using var reader = new StreamReader(args[1]);
        var result = await services.GetRequiredService<CareRelationshipImporter>().ImportAsync(reader, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"line {error.Line}: {error.Field}: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"{result.Errors.Count} error(s); nothing was imported.");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Imported {result.Imported} care relationship(s); {result.NotOurs} row(s) named people we hold no record of and were not stored.");
        return 0;
    }

    private static async Task<int> ImportBenefitPopulationAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: import-benefit-population FILE.csv   (columns: kommunenummer,benefit,residents,source,year)");
            return 2;
        }

        using var reader = new StreamReader(args[1]);
        var result = await services.GetRequiredService<BenefitPopulationImporter>().ImportAsync(reader, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"line {error.Line}: {error.Field}: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"{result.Errors.Count} error(s); nothing was imported.");
            return 1;
        }

        await Console.Out.WriteLineAsync($"Imported {result.Imported} benefit population figure(s).");
        return 0;
    }

    private static async Task<int> DevTokenAsync(IServiceProvider services, string[] args)
    {
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!options.IsDevelopment || options.DevelopmentSigningKey is null)
        {
            await Console.Error.WriteLineAsync("dev-token works only when Auth:Mode is Development.");
            return 2;
        }

        string? Option(string name)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var role = Option("role");
        if (role is null || !Roles.All.Contains(role))
        {
            await Console.Error.WriteLineAsync($"usage: dev-token --role <{string.Join('|', Roles.All)}> [--hpr N] [--org N] [--fnr N] [--name TEXT] [--hours N]");
            return 2;
        }

        var hours = int.TryParse(Option("hours"), out var h) ? h : 8;
        var clock = services.GetRequiredService<TimeProvider>();
        await Console.Out.WriteLineAsync(DevTokens.Mint(options.DevelopmentSigningKey, options.Audience, role, Option("hpr"), Option("org"), Option("fnr"), Option("name"), TimeSpan.FromHours(hours), clock.GetUtcNow()));
        return 0;
    }
}
