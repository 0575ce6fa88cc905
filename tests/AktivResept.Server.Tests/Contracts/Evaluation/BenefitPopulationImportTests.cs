using AktivResept.Domain.Eligibility;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Contracts.Evaluation;

public sealed class BenefitPopulationImportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_valid_file_is_imported_and_a_later_file_replaces_the_same_year()
    {
        var first = await ImportAsync("kommunenummer,benefit,residents,source,year\n5001,DisabilityBenefit,9120,NAV tabell 11,2025\n5001,SocialAssistance,4100,NAV tabell 11,2025\n");
        var corrected = await ImportAsync("5001,DisabilityBenefit,9135,NAV tabell 11 (rettet),2025\n5001,DisabilityBenefit,9300,NAV tabell 11,2026\n");

        first.Succeeded.ShouldBeTrue();
        first.Imported.ShouldBe(2);
        corrected.Imported.ShouldBe(2);
        var rows = await app.QueryAsync(db => db.BenefitPopulations.Where(b => b.Kommunenummer == "5001").OrderBy(b => b.Benefit).ThenBy(b => b.Year).ToListAsync());
        rows.Select(r => (r.Benefit, r.Year, r.Residents, r.Source)).ShouldBe(
        [
            (BenefitKind.DisabilityBenefit, 2025, 9135, "NAV tabell 11 (rettet)"),
            (BenefitKind.DisabilityBenefit, 2026, 9300, "NAV tabell 11"),
            (BenefitKind.SocialAssistance, 2025, 4100, "NAV tabell 11"),
        ]);
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_imported_and_every_bad_row_names_its_line_and_column()
    {
        var csv = "4601,SicknessBenefit,100,NAV,2025\n" +
                  "46,SicknessBenefit,100,NAV,2025\n" +
                  "4601,Pension,100,NAV,2025\n" +
                  "4601,DisabilityBenefit,-3,NAV,2025\n" +
                  "4601,DisabilityBenefit,10,,2025\n" +
                  "4601,DisabilityBenefit,10,NAV,25\n" +
                  "4601,SicknessBenefit,120,NAV,2025\n" +
                  "only,three,cells\n";
        var before = await app.QueryAsync(db => db.BenefitPopulations.CountAsync());

        var result = await ImportAsync(csv);

        result.Succeeded.ShouldBeFalse();
        result.Imported.ShouldBe(0);
        result.Errors.Select(e => (e.Line, e.Field, e.Error.Code)).ShouldBe(
        [
            (2, "kommunenummer", "kommunenummer.format"),
            (3, "benefit", "one-of"),
            (4, "residents", "between"),
            (5, "source", "required-max-length"),
            (6, "year", "between"),
            (7, "year", "population-import.duplicate"),
            (8, "row", "population-import.row"),
        ]);
        (await app.QueryAsync(db => db.BenefitPopulations.CountAsync())).ShouldBe(before);
    }

    private async Task<ImportResult> ImportAsync(string csv)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BenefitPopulationImporter>().ImportAsync(new StringReader(csv), CancellationToken.None);
    }
}
