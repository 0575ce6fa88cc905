using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AktivResept.Domain.Calendar;
using AktivResept.Domain.Claims;
using AktivResept.Domain.HealthAccounts;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.HealthAccounts;
using AktivResept.Server.Features.People;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.HealthAccounts;

/// <summary>
/// The health account's REST API on PostgreSQL: who sees which scope, the assumptions' 400s, suppression of a small
/// scope, the CSV, the audit of every read and the non-claim costs.
/// </summary>
public sealed class HealthAccountApiTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string ResearchOrg = DemoIdentities.ResearchInstituteOrg;
    private const string PilotName = "Helseregnskap-piloten";

    private HttpClient Oslo() => app.ClientAs(Roles.Municipality, org: DemoIdentities.OsloKommuneOrg);

    private HttpClient StatePayer() => app.ClientAs(Roles.Payer, org: DemoIdentities.StatePayerOrg);

    private HttpClient Researcher(string org = ResearchOrg) => app.ClientAs(Roles.Researcher, org: org);

    /// <summary>Bergen kommune as a test payer with its own concession (the base demo has no Bergen payer).</summary>
    private Task<TestMunicipality> BergenAsync() => app.MunicipalityAsync("4601", "Bergen kommune", 0.3m);

    private async Task<HttpClient> BergenClientAsync() => app.AsCoordinator(await BergenAsync());

    private Task<Guid> ContractOfAsync(Guid payerId) =>
        app.QueryAsync(db => db.Contracts.Where(c => c.PayerId == payerId).OrderBy(c => c.Name).Select(c => c.Id).FirstAsync());

    private async Task<Guid> OsloContractAsync() => await ContractOfAsync((await app.OsloAsync()).Id);

    /// <summary>
    /// A pilot led by Oslo with Bergen, the research institute named as viewer, a stepped-wedge allocation, and two Oslo
    /// and one Bergen resident referred and enrolled. Made once per fixture (the class's tests share its database).
    /// </summary>
    private async Task<Guid> PilotIdAsync()
    {
        if (await app.QueryAsync(db => db.Pilots.Where(p => p.Name == PilotName).Select(p => (Guid?)p.Id).FirstOrDefaultAsync()) is { } existing)
        {
            return existing;
        }

        var oslo = await app.OsloAsync();
        var bergen = await BergenAsync();
        var created = await app.AsCoordinator(oslo).CreatePilotAsync(new
        {
            name = PilotName,
            cohortTarget = 100,
            enrolmentFrom = "2026-09-01",
            enrolmentTo = "2027-08-31",
            followUpMonths = new[] { 0, 6, 12 },
            consentTextVersion = PilotsKit.ConsentVersion,
            municipalities = new[] { new { municipalityId = oslo.Id, target = 50 }, new { municipalityId = bergen.Id, target = 50 } },
            viewers = new[] { new { role = Roles.Researcher, organisationNumber = ResearchOrg } },
        });
        var id = created.GetProperty("id").GetGuid();
        (await app.AsCoordinator(oslo).PutAsJsonAsync($"/api/pilots/{id}/allocation", new { design = "SteppedWedge", seed = 16, firstStart = "2027-01-01", stepMonths = 3 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var (municipality, kommune) in new[] { (oslo, "0301"), (oslo, "0301"), (bergen, "4601") })
        {
            var fnr = TestData.NewNationalId();
            await app.AsGp().IssueAsync(TestData.IssueRequest(fnr, kommune: kommune));
            await app.AsCoordinator(municipality).EnrolledAsync(id, fnr);
        }

        return id;
    }

    [Fact]
    public async Task A_coordinator_sees_their_own_municipality_its_contracts_and_pilot_and_nothing_of_another_municipality()
    {
        var osloContract = await OsloContractAsync();
        var bergenContract = await ContractOfAsync((await BergenAsync()).Id);
        var pilot = await PilotIdAsync();

        (await Oslo().GetAsync("/api/health-accounts/municipality/0301")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Oslo().GetAsync($"/api/health-accounts/contract/{osloContract}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Oslo().GetAsync($"/api/health-accounts/pilot/{pilot}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await BergenClientAsync()).GetAsync($"/api/health-accounts/pilot/{pilot}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var otherMunicipality = await (await Oslo().GetAsync("/api/health-accounts/municipality/4601")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var otherContract = await (await Oslo().GetAsync($"/api/health-accounts/contract/{bergenContract}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var unknown = await (await Oslo().GetAsync($"/api/health-accounts/contract/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        otherContract.GetProperty("code").GetString().ShouldBe(unknown.GetProperty("code").GetString());
        otherMunicipality.GetProperty("code").GetString().ShouldBe("not-found");
        await (await Oslo().GetAsync("/api/health-accounts/programme/national")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Oslo().GetAsync("/api/health-accounts/county/03")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var scopes = (await (await Oslo().GetAsync("/api/health-accounts")).ReadJsonAsync()).EnumerateArray()
            .Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("key").GetString())).ToList();
        scopes.ShouldContain(("municipality", "0301"));
        scopes.ShouldContain(("contract", osloContract.ToString()));
        scopes.ShouldContain(("pilot", pilot.ToString()));
        scopes.ShouldNotContain(("contract", bergenContract.ToString()));
        scopes.ShouldNotContain(("programme", "national"));
    }

    [Fact]
    public async Task The_state_payer_sees_the_programme_and_a_municipal_payer_its_contracts_and_pilot_but_not_the_programme()
    {
        (await StatePayer().GetAsync("/api/health-accounts/programme/national")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await StatePayer().GetAsync("/api/health-accounts")).ReadJsonAsync()).EnumerateArray()
            .ShouldContain(s => s.GetProperty("kind").GetString() == "programme" && s.GetProperty("key").GetString() == AccountScope.NationalKey);
        await (await StatePayer().GetAsync("/api/health-accounts/municipality/0301")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await StatePayer().GetAsync($"/api/health-accounts/contract/{await OsloContractAsync()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await StatePayer().GetAsync($"/api/health-accounts/pilot/{await PilotIdAsync()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var osloPayer = app.ClientAs(Roles.Payer, org: DemoIdentities.OsloKommuneOrg);
        await (await osloPayer.GetAsync("/api/health-accounts/programme/national")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await osloPayer.GetAsync($"/api/health-accounts/contract/{await OsloContractAsync()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await osloPayer.GetAsync($"/api/health-accounts/pilot/{await PilotIdAsync()}")).StatusCode.ShouldBe(HttpStatusCode.OK); // Oslo leads the pilot
        await (await osloPayer.GetAsync($"/api/health-accounts/contract/{await ContractOfAsync((await BergenAsync()).Id)}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_researcher_sees_only_the_pilots_they_are_named_on_and_other_roles_are_refused()
    {
        var pilot = await PilotIdAsync();
        (await Researcher().GetAsync($"/api/health-accounts/pilot/{pilot}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await (await Researcher().GetAsync("/api/health-accounts")).ReadJsonAsync()).EnumerateArray().ToList();
        listed.Select(s => s.GetProperty("key").GetString()).ShouldBe([pilot.ToString()]);
        listed[0].GetProperty("mayEditCosts").GetBoolean().ShouldBeFalse();

        await (await Researcher("991000100").GetAsync($"/api/health-accounts/pilot/{pilot}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Researcher().GetAsync("/api/health-accounts/municipality/0301")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await Researcher("991000100").GetAsync("/api/health-accounts")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);

        foreach (var client in new[] { app.AsParticipant(DemoIdentities.ParticipantAnneFnr), app.AsGp(), app.AsOsloGym() })
        {
            var problem = await (await client.GetAsync("/api/health-accounts/municipality/0301")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            problem.GetProperty("code").GetString().ShouldBe("forbidden.role");
            await (await client.GetAsync("/api/health-accounts")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Theory]
    [InlineData("discountRatePercent=10.5", "discountRatePercent", "between")]
    [InlineData("discountRatePercent=four", "discountRatePercent", "health-account.number")]
    [InlineData("sickLeaveWindowDays=7", "sickLeaveWindowDays", "between")]
    [InlineData("sickLeaveWindowDays=1.5", "sickLeaveWindowDays", "health-account.number")]
    [InlineData("sickLeaveDailyCostNok=-1", "sickLeaveDailyCostNok", "between")]
    [InlineData("missing=Imputed", "missing", "one-of")]
    [InlineData("missingAlternative=x", "missingAlternative", "one-of")]
    [InlineData("from=2026-13-01", "from", "date.format")]
    [InlineData("from=2026-06-01&to=2026-01-01", "from", "health-account.period")]
    [InlineData("from=2010-01-01&to=2026-01-01", "to", "health-account.period")]
    public async Task An_assumption_or_period_out_of_range_is_a_400_naming_the_query_parameter(string query, string field, string code)
    {
        var problem = await (await Oslo().GetAsync($"/api/health-accounts/municipality/0301?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetProperty("code").GetString().ShouldBe(code);

        await (await Oslo().GetAsync($"/api/health-accounts/municipality/0301/csv?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Valid_assumptions_are_echoed_on_the_report()
    {
        var report = await (await Oslo().GetAsync("/api/health-accounts/municipality/0301?discountRatePercent=3&missing=LastObservationCarriedForward&sickLeaveWindowDays=90&sickLeaveDailyCostNok=2500.50"))
            .ReadJsonAsync();
        var assumptions = report.GetProperty("report").GetProperty("assumptions");
        assumptions.GetProperty("discountRatePercent").GetDecimal().ShouldBe(3m);
        assumptions.GetProperty("missing").GetString().ShouldBe("LastObservationCarriedForward");
        assumptions.GetProperty("sickLeaveWindowDays").GetInt32().ShouldBe(90);
        assumptions.GetProperty("sickLeaveDailyCostNok").GetDecimal().ShouldBe(2500.50m);
        report.GetProperty("to").GetString().ShouldBe(TestData.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        report.GetProperty("from").GetString().ShouldBe(TestData.Today.AddMonths(-12).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        report.GetProperty("scope").GetProperty("name").GetString().ShouldBe("Oslo");
    }

    [Fact]
    public async Task A_scope_with_fewer_than_five_persons_answers_200_with_its_person_counts_suppressed()
    {
        var stavanger = app.AsCoordinator(await StavangerAsync());
        var gp = app.AsGp();
        for (var i = 0; i < 3; i++)
        {
            await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId(), kommune: "1103"));
        }

        var response = await stavanger.GetAsync("/api/health-accounts/municipality/1103");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var funnel = (await response.ReadJsonAsync()).GetProperty("report").GetProperty("funnel");
        var referred = funnel.GetProperty("stages").EnumerateArray().Select(s => s.GetString()).ToList().IndexOf(FunnelStages.Referred);
        funnel.GetProperty("total").GetProperty("counts")[referred].ValueKind.ShouldBe(JsonValueKind.Null);

        var csv = await stavanger.GetStringAsync("/api/health-accounts/municipality/1103/csv");
        csv.Split("\r\n").ShouldContain($"funnel,total,{FunnelStages.Referred},,true");
    }

    [Fact]
    public async Task The_csv_has_every_table_in_long_form_with_a_suppressed_marker()
    {
        var response = await StatePayer().GetAsync("/api/health-accounts/programme/national/csv?from=2020-01-01");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldNotBeNull();
        var csv = await response.Content.ReadAsStringAsync();
        csv.ShouldEndWith("\r\n");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(HealthAccountCsv.Header);
        var rows = lines.Skip(1).Select(Fields).ToList();
        rows.ShouldAllBe(r => r.Count == 5 && (r[4] == "true" || r[4] == "false"));
        rows.Where(r => r[4] == "true").ShouldAllBe(r => r[3] == string.Empty);
        var tables = rows.Select(r => r[0]).ToHashSet();
        foreach (var table in new[] { "scope", "assumptions", "funnel", "funnel-quarter", "costs", "sick-leave", "priority-thresholds" })
        {
            tables.ShouldContain(table);
        }

        rows.ShouldContain(r => r[0] == "scope" && r[2] == "from" && r[3] == "2020-01-01");
        rows.ShouldContain(r => r[0] == "assumptions" && r[2] == AccountAssumptions.DiscountRatePercentField && r[3] == "4");
    }

    [Fact]
    public async Task Every_read_is_audited_as_an_aggregate_access_naming_scope_and_period_but_no_person()
    {
        (await Oslo().GetAsync("/api/health-accounts/municipality/0301?from=2026-01-01&to=2026-06-30")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await (await BergenClientAsync()).GetAsync("/api/health-accounts/municipality/0301?from=2026-01-01&to=2026-06-30")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var rows = await app.QueryAsync(db => db.AuditRecords.AsNoTracking()
            .Where(a => a.Resource == "HealthAccount/municipality/0301?from=2026-01-01&to=2026-06-30").ToListAsync());
        var read = rows.Single(r => r.Outcome == AuditOutcome.Success);
        read.Action.ShouldBe(AuditAction.Read);
        read.Role.ShouldBe(Roles.Municipality);
        read.Organisation.ShouldBe(DemoIdentities.OsloKommuneOrg);
        read.Purpose.ShouldBe(HealthAccountReader.AuditPurpose);
        read.SubjectPersonId.ShouldBeNull();
        var denied = rows.Single(r => r.Outcome == AuditOutcome.Denied);
        denied.Organisation.ShouldBe((await BergenAsync()).Org);
    }

    [Fact]
    public async Task Other_costs_are_entered_listed_counted_and_deleted_by_the_scope_and_validated_field_by_field()
    {
        var url = "/api/health-accounts/municipality/0301/other-costs";
        var created = await Oslo().PostAsJsonAsync(url, new { label = "Egne instruktører", payer = "Municipality", amount = 12_345.67m, day = "2026-10-15" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"{url}/{id}");

        var listed = (await (await Oslo().GetAsync(url)).ReadJsonAsync()).EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        listed.GetProperty("amount").GetDecimal().ShouldBe(12_345.67m);
        listed.GetProperty("payer").GetString().ShouldBe("Municipality");

        var invalid = await (await Oslo().PostAsJsonAsync(url, new { label = " ", payer = "Nobody", amount = 1.234m, day = "15.10.2026" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["amount", "day", "label", "payer"]);
        var missing = await (await Oslo().PostAsJsonAsync(url, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["amount", "day", "label", "payer"]);

        var bergen = await BergenClientAsync();
        await (await bergen.PostAsJsonAsync(url, new { label = "x", payer = "Municipality", amount = 1m, day = "2026-10-15" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await bergen.DeleteAsync($"{url}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var pilotCosts = $"/api/health-accounts/pilot/{await PilotIdAsync()}/other-costs";
        (await Researcher().GetAsync(pilotCosts)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await (await Researcher().PostAsJsonAsync(pilotCosts, new { label = "x", payer = "State", amount = 1m, day = "2026-10-15" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("code").GetString().ShouldBe("forbidden.health-account-costs");

        var cohort = await LoadAsync(Roles.Municipality, DemoIdentities.OsloKommuneOrg, AccountScopeKind.Municipality, "0301", new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 24));
        cohort.OtherCosts.ShouldContain(new OtherCost("Egne instruktører", CostPayer.Municipality, 12_345.67m, new DateOnly(2026, 10, 15)));
        var outside = await LoadAsync(Roles.Municipality, DemoIdentities.OsloKommuneOrg, AccountScopeKind.Municipality, "0301", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 24));
        outside.OtherCosts.ShouldNotContain(c => c.Label == "Egne instruktører");

        (await Oslo().DeleteAsync($"{url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await Oslo().DeleteAsync($"{url}/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await Oslo().GetAsync(url)).ReadJsonAsync()).EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task The_loaded_costs_match_the_approved_claim_lines_to_the_ore_by_payer()
    {
        var gym = await app.NewGymAsync();
        var (prescription, member) = await app.FundedPrescriptionAsync(gym);
        await app.AttendAsync(gym, member, ("pt-session", 3, 10), ("pt-session", 5, 10), ("pt-session", 10, 10));
        var claimId = await gym.SingleClaimAsync();
        await gym.SubmitAsync(claimId);
        var payer = app.AsStatePayer();
        var rejected = (await payer.LinesAsync(claimId)).Single(l => l.GetProperty("serviceDate").GetString() == "2026-11-05").GetProperty("id").GetGuid();
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/lines/{rejected}/decision", new { decision = "reject", reason = "DocumentationMissing", note = "Mangler signatur." }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await payer.PostAsJsonAsync($"/api/claims/{claimId}/approve-clean", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var from = new DateOnly(2020, 1, 1);
        var to = TestData.Today;
        var cohort = await LoadAsync(Roles.Payer, DemoIdentities.StatePayerOrg, AccountScopeKind.Programme, AccountScope.NationalKey, from, to);
        var start = OsloCalendar.StartOf(from);
        var end = OsloCalendar.StartOf(to.AddDays(1));

        // Independently: every approved line of a prescription issued in the period, its public share by the claim's payer
        // kind. Summed here, not in SQL: SQLite stores instants as binary numbers and decimals as text.
        var issuedInPeriod = (await app.QueryAsync(db => db.Prescriptions
            .Where(p => p.IssuedAt >= start && p.IssuedAt < end).Select(p => p.Id).ToListAsync())).ToHashSet();
        var lines = await app.QueryAsync(db => db.Database.SqlQuery<PayerLine>($"""
            SELECT py."Kind" AS "Kind", l."PrescriptionId" AS "PrescriptionId", l."PublicShare" AS "PublicShare", l."Copay" AS "Copay", l."CoFinancing" AS "CoFinancing"
            FROM "ClaimLines" l JOIN "Claims" c ON c."Id" = l."ClaimId" JOIN "Payers" py ON py."Id" = c."PayerId"
            WHERE l."Status" = 'Approved' AND l."PrescriptionId" IS NOT NULL
            """).ToListAsync());
        var sums = lines.Where(l => issuedInPeriod.Contains(l.PrescriptionId))
            .GroupBy(l => l.Kind)
            .Select(g => new PayerSum(g.Key, g.Sum(l => l.PublicShare), g.Sum(l => l.Copay), g.Sum(l => l.CoFinancing)))
            .ToList();
        sums.ShouldNotBeEmpty();
        var costs = cohort.Participants.SelectMany(p => p.Costs).ToList();
        foreach (var kind in Enum.GetValues<PayerKind>())
        {
            var expected = sums.Where(s => s.Kind == kind.ToString()).Sum(s => s.PublicShare);
            costs.Where(c => c.Payer == Enum.Parse<CostPayer>(kind.ToString())).Sum(c => c.Amount).ShouldBe(expected, kind.ToString());
        }

        costs.Where(c => c.Payer == CostPayer.Copay).Sum(c => c.Amount).ShouldBe(sums.Sum(s => s.Copay));
        costs.Where(c => c.Payer == CostPayer.PrivateCoFinancing).Sum(c => c.Amount).ShouldBe(sums.Sum(s => s.CoFinancing));
        costs.Sum(c => c.Amount).ShouldBeGreaterThan(0m);

        // The same figures through the API: the report's costs by payer and total, to the øre.
        var report = (await (await StatePayer().GetAsync($"/api/health-accounts/programme/national?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}")).ReadJsonAsync())
            .GetProperty("report").GetProperty("costs");
        report.GetProperty("claimsTotal").GetDecimal().ShouldBe(sums.Sum(s => s.PublicShare + s.Copay + s.CoFinancing));
        var byPayer = report.GetProperty("byPayer").EnumerateArray().ToDictionary(p => p.GetProperty("payer").GetString()!, p => p.GetProperty("claims").GetDecimal());
        byPayer["State"].ShouldBe(sums.Where(s => s.Kind == nameof(PayerKind.State)).Sum(s => s.PublicShare));
        byPayer["Copay"].ShouldBe(sums.Sum(s => s.Copay));
        byPayer["PrivateCoFinancing"].ShouldBe(sums.Sum(s => s.CoFinancing));

        // The prescription billed above: its two approved sessions, not the rejected one.
        var approved = await app.QueryAsync(db => db.ClaimLines.Where(l => l.PrescriptionId == prescription && l.Status == ClaimLineStatus.Approved).SumAsync(l => l.PublicShare));
        var billed = await app.QueryAsync(db => db.ClaimLines.Where(l => l.PrescriptionId == prescription).SumAsync(l => l.PublicShare));
        approved.ShouldBeLessThan(billed);
        var billedRow = cohort.Participants.Single(p => p.PrescriptionId == prescription);
        billedRow.Costs.Where(c => c.Payer == CostPayer.State).Sum(c => c.Amount).ShouldBe(approved);
        billedRow.Accepted.ShouldBeTrue();
        billedRow.Started.ShouldBeTrue(); // its attendance was read: three sessions in November
        billedRow.AdherentByWeek.Count.ShouldBe(3); // plan weeks from 2 November ended by 24 November
        billedRow.Benefit.ShouldBe(Domain.Eligibility.BenefitKind.SicknessBenefit);
        billedRow.IncomeBenefitPeriods.ShouldBe([new AccountBenefitPeriod(Domain.Eligibility.BenefitKind.SicknessBenefit, new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 30))]);
    }

    [Fact]
    public async Task A_referral_is_loaded_with_sex_and_age_from_the_person_and_the_funnel_flags_of_a_new_prescription()
    {
        var stavanger = await StavangerAsync();
        var fnr = TestData.NewNationalId();
        var id = await app.AsGp().IssueAsync(TestData.IssueRequest(fnr, kommune: "1103"));

        var cohort = await LoadAsync(Roles.Municipality, stavanger.Org, AccountScopeKind.Municipality, "1103", TestData.Today.AddDays(-1), TestData.Today);
        var row = cohort.Participants.Single(p => p.PrescriptionId == id);
        var parsed = Domain.Identifiers.Fodselsnummer.Parse(fnr, allowSynthetic: true);
        row.Sex.ShouldBe((fnr[8] - '0') % 2 == 1 ? PersonSex.Male : PersonSex.Female);
        row.AgeAtReferral.ShouldBe(AccountCohortLoader.AgeOn(parsed.BirthDate, TestData.Today));
        row.Kommunenummer.ShouldBe("1103");
        row.ReferredOn.ShouldBe(TestData.Today);
        row.Accepted.ShouldBeFalse();
        row.Started.ShouldBeFalse();
        row.AdherentAtWeek12.ShouldBeFalse();
        row.AdherentByWeek.ShouldBeEmpty();
        row.Arm.ShouldBeNull();
    }

    [Fact]
    public async Task A_pilot_scope_holds_only_enrolled_participants_with_their_stepped_wedge_step()
    {
        var pilot = await PilotIdAsync();
        var cohort = await LoadAsync(Roles.Researcher, ResearchOrg, AccountScopeKind.Pilot, pilot.ToString(), new DateOnly(2020, 1, 1), TestData.Today);
        var enrolled = await app.QueryAsync(db => db.PilotEnrolments.Where(e => e.PilotId == pilot && e.WithdrawnAt == null).Select(e => e.PersonId).ToListAsync());
        cohort.Participants.ShouldAllBe(p => enrolled.Contains(p.PersonKey));
        cohort.Participants.ShouldAllBe(p => p.Arm != null && p.Arm.StartsWith("step ", StringComparison.Ordinal));

        // Bergen's coordinator, in the pilot but not its lead, sees Bergen's part only.
        var bergenPart = await LoadAsync(Roles.Municipality, (await BergenAsync()).Org, AccountScopeKind.Pilot, pilot.ToString(), new DateOnly(2020, 1, 1), TestData.Today);
        bergenPart.Participants.ShouldAllBe(p => p.Kommunenummer == "4601");
    }

    /// <summary>Stavanger as a municipality we serve and a payer of the test's own: no resident has been referred there before.</summary>
    private async Task<TestMunicipality> StavangerAsync()
    {
        await app.QueryAsync(async db =>
        {
            if (!await db.Municipalities.AnyAsync(m => m.Kommunenummer == "1103"))
            {
                db.Municipalities.Add(new Municipality { Kommunenummer = "1103", Name = "Stavanger", CentreLatitude = 58.97, CentreLongitude = 5.73 });
                await db.SaveChangesAsync();
            }

            return 0;
        });
        return await app.MunicipalityAsync("1103", "Stavanger kommune", null);
    }

    private async Task<AccountCohort> LoadAsync(string role, string org, AccountScopeKind kind, string key, DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = new CurrentUser("test", role, null, Domain.Identifiers.OrganisationNumber.Parse(org), null, null);
        var target = await scope.ServiceProvider.GetRequiredService<HealthAccountAccess>().FindAsync(user, kind, key, CancellationToken.None);
        target.ShouldNotBeNull();
        return await scope.ServiceProvider.GetRequiredService<AccountCohortLoader>().LoadAsync(target, from, to, app.Clock.GetUtcNow(), CancellationToken.None);
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private sealed record PayerSum(string Kind, decimal PublicShare, decimal Copay, decimal CoFinancing);

    private sealed record PayerLine(string Kind, Guid PrescriptionId, decimal PublicShare, decimal Copay, decimal CoFinancing);
}
