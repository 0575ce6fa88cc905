using AktivResept.Domain.Calendar;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Features.Research;
using Microsoft.EntityFrameworkCore;
using static AktivResept.Server.Features.Demo.DemoIdentities;

namespace AktivResept.Server.Features.Demo;

/// <summary>
/// The demo research project (issue 17): «Helsefunn-følgeforskningen», owned by the demo researcher, approved (a
/// synthetic REK number) for every catalogue variable with dates coarsened to the month, and consents from the demo
/// participant Anne and a few other referred residents, so the researcher's page shows consenting persons and an
/// export has rows on first start. Runs after the other demo data; a refused step throws, so a broken demo fails loudly.
/// </summary>
public sealed class DemoResearch(AktivDbContext db, ResearchKeys keys, NationalIdLookupHash lookupHash, TimeProvider clock)
{
    public const string Title = "Helsefunn-følgeforskningen";
    public const string ConsentTextVersion = "forsk-2026-12";
    public const int OtherConsenting = 7;

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.ResearchProjects.AnyAsync(p => p.Title == Title, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var today = OsloCalendar.DateOf(now);
        var project = new ResearchProject
        {
            Title = Title,
            OwnerSubject = DevTokens.Subject(Roles.Researcher, null, ResearchInstituteOrg, null),
            OwnerName = Personas.Single(p => p.Key == "researcher").DisplayName,
            ApprovalReference = "2026/654321",
            Purpose = "Følgeforskning på trening på resept: hvem starter, hvem fullfører, og hva skjer med helse og sykefravær.",
            PeriodFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(-2),
            PeriodTo = new DateOnly(today.Year, today.Month, 1).AddYears(3),
            Variables = [.. ResearchVariables.All.Select(v => v.Name)],
            DateHandling = DateHandling.Month,
            ConsentTextVersion = ConsentTextVersion,
            EncryptedKey = keys.NewEncryptedKey() ?? throw new InvalidOperationException("Demo research project: the pseudonym key could not be made."),
            CreatedAt = now,
        };
        db.ResearchProjects.Add(project);

        var anne = lookupHash.Of(ParticipantAnneFnr);
        var referred = await db.Prescriptions.AsNoTracking().Where(p => p.IssuedAt != null).Select(p => p.ParticipantId).Distinct().ToListAsync(ct);
        var people = await db.People.AsNoTracking().Where(p => referred.Contains(p.Id)).OrderBy(p => p.NationalIdHash == anne ? 0 : 1).ThenBy(p => p.Id)
            .Select(p => p.Id).Take(OtherConsenting + 1).ToListAsync(ct);
        if (people.Count < 2)
        {
            throw new InvalidOperationException($"Demo research project: only {people.Count} referred residents to consent; seed the other demo data first.");
        }

        foreach (var (person, i) in people.Select((p, i) => (p, i)))
        {
            var given = now.AddDays(-(i + 1));
            db.ConsentRecords.Add(new ConsentRecord
            {
                PersonId = person,
                Purpose = ConsentPurpose.Research(project.Id),
                TextVersion = ConsentTextVersion,
                GivenAt = given,
                RecordedAt = given,
                RecordedBy = "demo-seed",
                RecordedByKind = ConsentRecordedByKind.Person,
            });
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
