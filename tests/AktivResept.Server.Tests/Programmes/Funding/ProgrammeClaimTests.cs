using System.Text.Json;
using AktivResept.Domain.Claims;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Data.Configurations;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Tariffs;
using AktivResept.Server.Tests.Claims;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Programmes.Funding;

/// <summary>«Aktiv på dagtid» delivered by a gym becomes claim lines through the claims engine (issue 13).</summary>
public sealed class ProgrammeClaimTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private static readonly DateOnly FirstWeek = new(2026, 11, 2);

    [Fact]
    public async Task Attended_places_under_a_contract_are_charged_per_head_at_the_contracts_tariff_without_a_copay()
    {
        var gym = await app.NewGymAsync();
        var contract = await app.ActiveContractAsync(app.AsOsloKommunePayer(), gym.ProviderId, "Aktiv på dagtid", "2026-11-01");
        await ContractTariffAsync(contract, ServiceType.GroupSession, 210m);
        var programme = await GymProgrammeAsync(gym, ProgrammeOperator.GymUnderContract, await PayerAsync(DemoIdentities.OsloKommuneOrg), contract, ProgrammeFunding.PerAttendee);
        var attended = await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 3);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 1, BookingStatus.NoShow);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[1], 2);

        var claimId = await gym.SingleClaimAsync();
        var lines = await gym.Admin.LinesAsync(claimId);

        lines.Length.ShouldBe(5);
        lines.ShouldAllBe(l => l.GetProperty("prescriptionId").ValueKind == JsonValueKind.Null);
        lines.ShouldAllBe(l => l.GetProperty("service").GetString() == "GroupSession" && l.GetProperty("status").GetString() == "Priced");
        lines.ShouldAllBe(l => l.GetProperty("tariff").GetDecimal() == 210.00m && l.GetProperty("publicShare").GetDecimal() == 210.00m && l.GetProperty("copay").GetDecimal() == 0m);
        lines.Where(l => l.GetProperty("programmeSessionId").GetGuid() == programme.SessionIds[0]).Select(l => l.GetProperty("participantId").GetGuid())
            .ShouldBe(attended, ignoreOrder: true);
        lines.ShouldAllBe(l => l.GetProperty("programme").GetString()!.Contains("Styrke"));
        var claim = await gym.Admin.ClaimAsync(claimId);
        claim.GetProperty("payerName").GetString().ShouldBe("Oslo kommune");
        claim.GetProperty("totalPublicShare").GetDecimal().ShouldBe(1050.00m);
        claim.GetProperty("totalCopay").GetDecimal().ShouldBe(0m);
    }

    [Fact]
    public async Task A_programme_paid_per_session_is_charged_once_per_session_delivered_whatever_the_head_count()
    {
        var gym = await app.NewGymAsync();
        var contract = await app.ActiveContractAsync(app.AsOsloKommunePayer(), gym.ProviderId, "Aktiv på dagtid", "2026-11-01");
        await ContractTariffAsync(contract, ServiceType.ProgrammeSession, 1200m);
        var programme = await GymProgrammeAsync(gym, ProgrammeOperator.GymUnderContract, await PayerAsync(DemoIdentities.OsloKommuneOrg), contract, ProgrammeFunding.PerSession);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 6);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[1], 1);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[2], 2, BookingStatus.NoShow);

        var lines = await gym.Admin.LinesAsync(await gym.SingleClaimAsync());

        lines.Select(l => l.GetProperty("programmeSessionId").GetGuid()).ShouldBe([programme.SessionIds[0], programme.SessionIds[1]], ignoreOrder: true);
        lines.ShouldAllBe(l => l.GetProperty("sessionId").GetGuid() == l.GetProperty("programmeSessionId").GetGuid());
        lines.ShouldAllBe(l => l.GetProperty("participantId").ValueKind == JsonValueKind.Null);
        lines.ShouldAllBe(l => l.GetProperty("service").GetString() == "ProgrammeSession" && l.GetProperty("tariff").GetDecimal() == 1200.00m && l.GetProperty("copay").GetDecimal() == 0m);
    }

    [Fact]
    public async Task A_gym_on_state_funding_is_paid_by_the_state_at_the_national_tariff()
    {
        var gym = await app.NewGymAsync();
        var programme = await GymProgrammeAsync(gym, ProgrammeOperator.GymOnStateFunding, await PayerAsync(DemoIdentities.StatePayerOrg), null, ProgrammeFunding.PerAttendee);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[3], 2);

        var claimId = await gym.SingleClaimAsync();
        var lines = await gym.Admin.LinesAsync(claimId);

        (await gym.Admin.ClaimAsync(claimId)).GetProperty("payerName").GetString().ShouldBe("Statens refusjonskontor (demo)");
        lines.Length.ShouldBe(2);
        lines.ShouldAllBe(l => l.GetProperty("tariff").GetDecimal() == 150.00m && l.GetProperty("copay").GetDecimal() == 0m && l.GetProperty("serviceDate").GetString() == "2026-11-24");
    }

    [Fact]
    public async Task A_municipality_run_programme_makes_no_claims()
    {
        var gym = await app.NewGymAsync();
        var programme = await GymProgrammeAsync(gym, ProgrammeOperator.Municipality, await PayerAsync(DemoIdentities.OsloKommuneOrg), null, ProgrammeFunding.PerAttendee);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 4);

        var generated = await gym.GenerateAsync();

        generated.GetProperty("claimIds").GetArrayLength().ShouldBe(0);
        (await app.QueryAsync(db => db.ClaimLines.CountAsync(l => l.ProgrammeSessionId == programme.SessionIds[0]))).ShouldBe(0);
    }

    [Fact]
    public async Task A_retried_claim_run_charges_no_booking_twice_and_the_database_refuses_a_second_charge()
    {
        var gym = await app.NewGymAsync();
        var programme = await GymProgrammeAsync(gym, ProgrammeOperator.GymOnStateFunding, await PayerAsync(DemoIdentities.StatePayerOrg), null, ProgrammeFunding.PerAttendee);
        await ProgrammeTestData.BookedAsync(app, programme, programme.SessionIds[0], 2);
        var first = await gym.SingleClaimAsync();
        (await gym.SingleClaimAsync()).ShouldBe(first); // regenerating the draft changes nothing
        await gym.SubmitAsync(first);

        var retried = await gym.GenerateAsync();

        retried.GetProperty("claimIds").GetArrayLength().ShouldBe(0);
        var charges = await app.QueryAsync(db => db.ClaimLines.Where(l => l.ProgrammeSessionId == programme.SessionIds[0] && l.Kind == ClaimLineKind.Charge).ToListAsync());
        charges.Count.ShouldBe(2);
        charges.Select(l => l.SessionId).Distinct().Count().ShouldBe(2);

        var again = charges[0];
        var otherClaim = new Claim { ProviderId = gym.ProviderId, PayerId = await PayerAsync(DemoIdentities.StatePayerOrg), Month = new DateOnly(2026, 11, 1), Sequence = 7, Status = ClaimStatus.Draft };
        var refused = await Should.ThrowAsync<DbUpdateException>(() => app.QueryAsync(db =>
        {
            db.Claims.Add(otherClaim);
            db.ClaimLines.Add(new ClaimLine
            {
                ClaimId = otherClaim.Id,
                Kind = ClaimLineKind.Charge,
                SessionId = again.SessionId,
                ProgrammeSessionId = again.ProgrammeSessionId,
                ProgrammeBookingId = again.ProgrammeBookingId,
                ParticipantId = again.ParticipantId,
                ServiceDate = again.ServiceDate,
                OccurredAt = again.OccurredAt,
                Service = again.Service,
                Tariff = again.Tariff,
                PublicShare = again.PublicShare,
                Status = ClaimLineStatus.Priced,
            });
            return db.SaveChangesAsync();
        }));
        // PostgreSQL names the unique index; SQLite names the indexed column instead.
        var message = refused.InnerException!.Message;
        (message.Contains(ClaimLineConfiguration.OneChargePerSessionIndex, StringComparison.OrdinalIgnoreCase)
            || message.Contains("ClaimLines.SessionId", StringComparison.Ordinal)).ShouldBeTrue(message);
    }

    private Task<TestProgramme> GymProgrammeAsync(TestGym gym, ProgrammeOperator @operator, Guid payerId, Guid? contractId, ProgrammeFunding funding) =>
        FundedAsync(ProgrammeTestData.WeeklyClassAsync(app, "0301", gym.LocationId, capacity: 10, weeks: 4, FirstWeek, @operator,
            gym.ProviderId, null), payerId, contractId, funding);

    private async Task<TestProgramme> FundedAsync(Task<TestProgramme> made, Guid payerId, Guid? contractId, ProgrammeFunding funding)
    {
        var programme = await made;
        await ProgrammeTestData.FundedAsync(app, programme, payerId, contractId, funding);
        return programme;
    }

    private Task<Guid> PayerAsync(string org) => app.QueryAsync(db => db.Payers.Where(p => p.OrganisationNumber == org).Select(p => p.Id).SingleAsync());

    private Task<int> ContractTariffAsync(Guid contractId, ServiceType service, decimal price) => app.QueryAsync(db =>
    {
        db.Tariffs.Add(new TariffRecord { ContractId = contractId, Service = service, Price = price, Copay = 0m, ValidFrom = new DateOnly(2026, 1, 1), CreatedAt = AktivApiFactory.Start, CreatedBy = "test" });
        return db.SaveChangesAsync();
    });
}
