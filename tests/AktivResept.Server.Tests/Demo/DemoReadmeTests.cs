using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Prescriptions.Read;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Demo;

/// <summary>
/// The README's demo identities tell a new user what they will find; every claim a participant's row makes (town,
/// benefit and when it ends, each prescription's status, where it waits, who pays) is read from the README itself and
/// checked against the seeded data, through the participant's own API where the participant can see it.
/// </summary>
public sealed partial class DemoReadmeTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly Dictionary<string, BenefitKind> Benefits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sykepenger"] = BenefitKind.SicknessBenefit,
        ["AAP"] = BenefitKind.WorkAssessmentAllowance,
        ["uføretrygd"] = BenefitKind.DisabilityBenefit,
        ["overgangsstønad"] = BenefitKind.TransitionalBenefit,
        ["dagpenger"] = BenefitKind.UnemploymentBenefit,
        ["økonomisk sosialhjelp"] = BenefitKind.SocialAssistance,
    };

    private static readonly Dictionary<string, string> Towns = new(StringComparer.Ordinal)
    {
        ["Oslo"] = "0301",
        ["Bergen"] = "4601",
        ["Trondheim"] = "5001",
    };

    private static readonly Dictionary<string, PrescriptionStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["draft"] = PrescriptionStatus.Draft,
        ["issued"] = PrescriptionStatus.Issued,
        ["accepted"] = PrescriptionStatus.Accepted,
        ["active"] = PrescriptionStatus.Active,
        ["completed"] = PrescriptionStatus.Completed,
        ["rejected"] = PrescriptionStatus.Rejected,
        ["expired"] = PrescriptionStatus.Expired,
        ["cancelled"] = PrescriptionStatus.Cancelled,
        ["dropped-out"] = PrescriptionStatus.DroppedOut,
    };

    public static TheoryData<string> Participants() => new(ReadmeParticipants().Select(p => p.Name));

    [Fact]
    public void The_readme_names_the_seven_demo_participants()
    {
        ReadmeParticipants().Select(p => p.Name).ShouldBe(
            ["Anne Hansen", "Bjørn Larsen", "Camilla Berg", "David Johansen", "Elin Olsen", "Fredrik Nilsen", "Guri Pedersen"]);
    }

    [Theory]
    [MemberData(nameof(Participants))]
    public async Task Every_claim_the_readme_makes_about_a_demo_participant_holds(string name)
    {
        var row = ReadmeParticipants().Single(p => p.Name == name);
        var parts = row.Description.Split(';', StringSplitOptions.TrimEntries);
        var today = OsloCalendar.DateOf(app.Clock.GetUtcNow());
        var person = await app.QueryAsync(db => db.People.AsNoTracking().SingleAsync(p => p.GivenName + " " + p.FamilyName == name));
        var benefits = await app.QueryAsync(db => db.BenefitPeriods.AsNoTracking().Where(b => b.NationalIdHash == person.NationalIdHash).ToListAsync());

        person.Kommunenummer.ShouldBe(Towns[parts[0]], $"{name}: town");

        var benefitClaim = parts[1];
        if (benefitClaim == "no benefit")
        {
            benefits.ShouldBeEmpty($"{name}: no benefit");
        }
        else
        {
            var ending = EndingIn().Match(benefitClaim);
            var kind = Benefits[ending.Success ? benefitClaim[..ending.Index].Trim() : benefitClaim];
            var current = EligibilityRules.CoveringOn(benefits.Select(b => b.ToDomain()), today).ShouldNotBeNull($"{name}: a benefit today");
            current.Kind.ShouldBe(kind, $"{name}: benefit");
            current.To.ShouldBe(ending.Success ? today.AddDays(int.Parse(ending.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : current.To, $"{name}: benefit end");
        }

        var claims = string.Join("; ", parts.Skip(2));
        var prescriptions = await app.QueryAsync(db => (
                from p in db.Prescriptions.AsNoTracking()
                where p.ParticipantId == person.Id
                join provider in db.Providers on p.ProviderId equals provider.Id into sent
                from provider in sent.DefaultIfEmpty()
                select new { p.Status, p.Funding, p.EligibilityBenefit, Provider = provider == null ? null : provider.Name })
            .ToListAsync());

        var claimed = StatusWords().Matches(claims).Select(m => Statuses[m.Value]).Order().ToList();
        prescriptions.Select(p => p.Status).Order().ToList().ShouldBe(claimed, $"{name}: statuses ({claims})");

        foreach (Match waiting in WaitingAt().Matches(claims))
        {
            prescriptions.ShouldContain(p => p.Status == PrescriptionStatus.Issued && p.Provider != null && p.Provider.StartsWith(waiting.Groups[1].Value, StringComparison.Ordinal), $"{name}: waiting at {waiting.Groups[1].Value}");
        }

        if (claims.Contains("not sent", StringComparison.Ordinal))
        {
            prescriptions.ShouldContain(p => p.Status == PrescriptionStatus.Issued && p.Provider == null, $"{name}: issued not sent");
        }

        if (claims.Contains("employer-paid", StringComparison.Ordinal))
        {
            prescriptions.ShouldAllBe(p => p.Funding == FundingSource.EmployerPaid, $"{name}: employer-paid");
        }

        if (claims.Contains("step-free access", StringComparison.Ordinal))
        {
            (await app.QueryAsync(db => db.People.AsNoTracking().Where(p => p.Id == person.Id).Select(p => p.AccessibilityNeeds).SingleAsync()))
                .ShouldContain(Domain.Matching.AccessibilityFeature.StepFreeEntrance, $"{name}: step-free access");
        }

        // Every state-reimbursed prescription past its draft was issued on the benefit the README names.
        foreach (var issued in prescriptions.Where(p => p.Funding == FundingSource.StateReimbursed && p.Status != PrescriptionStatus.Draft))
        {
            issued.EligibilityBenefit.ShouldNotBeNull($"{name}: issued on a benefit");
            benefits.Select(b => b.Kind).ShouldContain(issued.EligibilityBenefit!.Value, $"{name}: issued on the named benefit");
        }

        // The participant sees each of them but the drafts, with the same status.
        var page = (await app.AsParticipant(row.Fnr).GetFromJsonAsync<Page<PrescriptionSummary>>("/api/prescriptions?pageSize=50", Json.Options))!;
        page.Items.Select(p => p.Status).Order().ToList().ShouldBe(claimed.Where(s => s != PrescriptionStatus.Draft).ToList(), $"{name}: what the participant sees");
    }

    private static IReadOnlyList<(string Name, string Description, string Fnr)> ReadmeParticipants()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "README.md")) || !File.Exists(Path.Combine(directory.FullName, "AktivResept.slnx")))
        {
            directory = directory.Parent ?? throw new FileNotFoundException("README.md of the repository");
        }

        return [.. File.ReadAllLines(Path.Combine(directory.FullName, "README.md"))
            .Select(l => ParticipantRow().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, m.Groups["claims"].Value, m.Groups["fnr"].Value))];
    }

    [GeneratedRegex(@"^\| (?<name>[^(|]+?) \((?<claims>[^|]+)\) \| participant \| `--fnr (?<fnr>\d{11})` \|$")]
    private static partial Regex ParticipantRow();

    [GeneratedRegex(@"ending in (\d+) days")]
    private static partial Regex EndingIn();

    [GeneratedRegex(@"\b(draft|issued|accepted|active|completed|rejected|expired|cancelled|dropped-out)\b")]
    private static partial Regex StatusWords();

    [GeneratedRegex(@"waiting at ([A-ZÆØÅ][\wæøå]+(?: [A-ZÆØÅ][\wæøå]+)*)")]
    private static partial Regex WaitingAt();
}
