using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Features.Research;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Consents;
using AktivResept.Server.Tests.Contracts;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Pilots;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Research;

/// <summary>
/// The pseudonymised research export through HTTP on PostgreSQL (issue 17): only persons whose consent is in force,
/// a withdrawal effective for the next export, pseudonyms keyed per project, no identifying value in any file's bytes,
/// the Parquet file read back by an independent reader (DuckDB), and one audit row per export.
/// </summary>
public sealed class ResearchExportTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task Only_consenting_persons_are_exported_and_a_withdrawal_removes_the_person_from_the_next_export()
    {
        var researcher = app.Researcher();
        var project = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        var anne = await app.ReferredAsync(project);
        var bjorn = await app.ReferredAsync(project);
        await app.ReferredAsync();

        var first = (await researcher.ExportedAsync(project, "csv")).CsvRows();
        first.Select(r => r["pseudonym"]).Distinct().Count().ShouldBe(2);
        first.ShouldAllBe(r => r["consent_version"] == ResearchKit.ConsentVersion && r["consent_date"] == "2026-11-24");
        (await researcher.GetOkAsync($"/api/research/projects/{project}")).GetProperty("consentingPersons").GetInt32().ShouldBe(2);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var consent = (await app.AsParticipant(anne.NationalId).GetOkAsync("/api/me/consents")).GetProperty("consents").EnumerateArray()
            .Single(c => c.GetProperty("purpose").GetString() == $"research:{project}").GetProperty("id").GetGuid();
        await app.AsParticipant(anne.NationalId).GetOkAfterPostAsync($"/api/me/consents/{consent}/withdraw");
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var second = (await researcher.ExportedAsync(project, "csv")).CsvRows();
        var left = second.Select(r => r["pseudonym"]).Distinct().ShouldHaveSingleItem();
        first.Select(r => r["pseudonym"]).ShouldContain(left);
        ResearchKeys.Pseudonym(await KeyAsync(project), bjorn.PersonId).ShouldBe(left);

        var exports = await app.QueryAsync(db => db.ResearchExports.AsNoTracking().Where(e => e.ProjectId == project).OrderBy(e => e.At).ToListAsync());
        exports.Select(e => e.Persons).ShouldBe([2, 1]);
        var audited = await app.QueryAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Purpose == $"research:{project}").ToListAsync());
        audited.Select(a => a.Resource).Order(StringComparer.Ordinal).ShouldBe(exports.Select(e => $"ResearchExport/{e.Id}").Order(StringComparer.Ordinal));
        audited.ShouldAllBe(a => a.Outcome == AuditOutcome.Success && a.Actor == ResearchKit.SubjectOf(ResearchKit.ResearchOrg) && a.Role == "researcher");
    }

    [Fact]
    public async Task Dropped_out_is_the_lifecycle_status_the_dropout_kpi_counts_not_a_rule_of_the_export()
    {
        var researcher = app.Researcher();
        var project = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        var dropped = await app.ReferredAsync(project);
        var active = await app.ReferredAsync(project);
        // Arranged in the table: the lifecycle's own routes to these states are LifecycleTests' subject. The one dropped
        // out never attended and its period has not ended, which the export's former rule ("started, not completed,
        // period over") called no dropout; the other is in its period.
        await SetStatusAsync(dropped.PersonId, PrescriptionStatus.DroppedOut);
        await SetStatusAsync(active.PersonId, PrescriptionStatus.Active);

        var rows = (await researcher.ExportedAsync(project, "csv", ["dropped_out", "completed"])).CsvRows();
        var key = await KeyAsync(project);
        var byPseudonym = rows.ToDictionary(r => r["pseudonym"], StringComparer.Ordinal);
        byPseudonym[ResearchKeys.Pseudonym(key, dropped.PersonId)]["dropped_out"].ShouldBe("true");
        byPseudonym[ResearchKeys.Pseudonym(key, dropped.PersonId)]["completed"].ShouldBe("false");
        byPseudonym[ResearchKeys.Pseudonym(key, active.PersonId)]["dropped_out"].ShouldBe("false");
    }

    [Fact]
    public async Task Pseudonyms_differ_between_projects_and_are_stable_within_one()
    {
        var researcher = app.Researcher();
        var one = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        var two = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        await app.ReferredAsync(one, two);

        var inOne = (await researcher.ExportedAsync(one, "csv", ["sex"])).CsvRows().Single()["pseudonym"];
        var againInOne = (await researcher.ExportedAsync(one, "csv", ["sex"])).CsvRows().Single()["pseudonym"];
        var inTwo = (await researcher.ExportedAsync(two, "csv", ["sex"])).CsvRows().Single()["pseudonym"];

        againInOne.ShouldBe(inOne);
        inTwo.ShouldNotBe(inOne);
        inOne.Length.ShouldBe(32);
    }

    [Fact]
    public async Task No_national_id_name_birth_date_or_internal_id_is_in_any_export_file_and_duckdb_reads_the_parquet_back()
    {
        var researcher = app.Researcher();
        var project = await researcher.CreateProjectAsync(ResearchKit.ProjectBody(dateHandling: "shifted", shiftDays: 30));
        var people = new[] { await app.ReferredAsync(project), await app.ReferredAsync(project), await app.ReferredAsync(project) };

        var csv = await researcher.ExportedAsync(project, "csv");
        var parquet = await researcher.ExportedAsync(project, "parquet");
        var forbidden = people.SelectMany(Identifying).ToList();
        foreach (var file in new[] { csv, parquet })
        {
            foreach (var bytes in file.Entries.Values.Append(file.Zip))
            {
                var text = Encoding.UTF8.GetString(bytes);
                var latin = Encoding.Latin1.GetString(bytes);
                foreach (var value in forbidden)
                {
                    text.ShouldNotContain(value, Case.Insensitive);
                    latin.ShouldNotContain(value, Case.Insensitive);
                }
            }
        }

        // The scan can fail: the CSV holds the values it checks around (a date, a municipality), uncompressed.
        Encoding.UTF8.GetString(csv.Entries["data.csv"]).ShouldContain("0301");
        csv.Dictionary.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .ShouldBe(csv.CsvRows()[0].Keys);

        var path = Path.Combine(Path.GetTempPath(), $"research-{Guid.NewGuid():N}.parquet");
        await File.WriteAllBytesAsync(path, parquet.Entries["data.parquet"]);
        try
        {
            using var duck = new DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync();
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var describe = duck.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
                using var reader = await describe.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    types[reader.GetString(0)] = reader.GetString(1);
                }
            }

            types["pseudonym"].ShouldBe("VARCHAR");
            types["referral_date"].ShouldBe("DATE");
            types["adherent_week12"].ShouldBe("BOOLEAN");
            types["cost_state"].ShouldBe("DECIMAL(18,2)");
            var fromParquet = new List<(string Pseudonym, DateOnly Referral)>();
            using (var select = duck.CreateCommand())
            {
                select.CommandText = $"SELECT pseudonym, referral_date, age_band, sex FROM read_parquet('{path}') ORDER BY pseudonym";
                using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    fromParquet.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
                    // Born 1960-1999 and referred in 2026: a band, never a birth date.
                    reader.GetString(2).ShouldBeOneOf("18-29", "30-44", "45-59", "60-67");
                    reader.GetString(3).ShouldBeOneOf("female", "male");
                }
            }

            var csvRows = csv.CsvRows();
            fromParquet.Select(r => r.Pseudonym).ShouldBe(csvRows.Select(r => r["pseudonym"]));
            fromParquet.Select(r => r.Referral.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ShouldBe(csvRows.Select(r => r["referral_date"]));
            // Shifted: every date moved by the person's offset, within ±30 days of the true referral day.
            fromParquet.ShouldAllBe(r => Math.Abs(r.Referral.DayNumber - new DateOnly(2026, 11, 24).DayNumber) <= 30);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Access_is_for_researchers_on_the_project_and_a_refused_export_is_audited()
    {
        var owner = app.Researcher();
        var member = app.Researcher("991002006");
        var project = await owner.CreateProjectAsync(ResearchKit.ProjectBody(variables: ["sex", "age_band"], members: [ResearchKit.SubjectOf("991002006")]));
        var outsider = app.Researcher(ResearchKit.OtherResearchOrg);
        await app.ReferredAsync(project);

        (await member.ExportedAsync(project, "csv", ["sex"])).CsvRows().Count.ShouldBe(1);
        (await member.GetOkAsync("/api/research/projects")).EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldContain(project);

        var unknown = await (await outsider.ExportAsync(Guid.NewGuid(), "csv", ["sex"])).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var notYours = await (await outsider.ExportAsync(project, "csv", ["sex"])).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        notYours.GetProperty("code").GetString().ShouldBe(unknown.GetProperty("code").GetString());
        await (await outsider.GetAsync($"/api/research/projects/{project}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await outsider.GetOkAsync("/api/research/projects")).EnumerateArray().ShouldNotContain(p => p.GetProperty("id").GetGuid() == project);

        foreach (var other in new[] { app.AsGp(), app.AsOsloGym() })
        {
            var refused = await (await other.ExportAsync(project, "csv", ["sex"])).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            refused.GetProperty("code").GetString().ShouldBe("forbidden.researcher-only");
            (await (await other.PostAsJsonAsync("/api/research/projects", ResearchKit.ProjectBody())).ShouldBeProblemAsync(HttpStatusCode.Forbidden))
                .GetProperty("code").GetString().ShouldBe("forbidden.researcher-only");
        }

        var variable = await (await owner.ExportAsync(project, "csv", ["sex", "municipality"])).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        variable.GetProperty("code").GetString().ShouldBe("forbidden.research-variable");
        variable.GetProperty("field").GetString().ShouldBe("variables[1]");
        variable.GetProperty("detail").GetString()!.ShouldContain("municipality");

        var denied = await app.QueryAsync(db => db.AuditRecords.AsNoTracking()
            .Where(a => a.Resource.StartsWith($"ResearchProject/{project}") && a.Outcome == AuditOutcome.Denied).Select(a => a.Actor).ToListAsync());
        denied.ShouldContain(ResearchKit.SubjectOf(ResearchKit.OtherResearchOrg));
        denied.ShouldContain(ResearchKit.SubjectOf(ResearchKit.ResearchOrg));
        (await app.QueryAsync(db => db.ResearchExports.CountAsync(e => e.ProjectId == project))).ShouldBe(1);
    }

    [Fact]
    public async Task An_export_outside_the_period_or_without_a_readable_key_is_refused_and_the_key_is_never_returned()
    {
        var researcher = app.Researcher();
        var ended = await researcher.CreateProjectAsync(ResearchKit.ProjectBody(from: "2025-01-01", to: "2026-11-23"));
        await (await researcher.ExportAsync(ended, "csv", ["sex"])).ShouldConflictAsync("research.outside-period");

        var project = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        var json = (await researcher.GetOkAsync($"/api/research/projects/{project}")).ToString();
        json.ShouldNotContain("key", Case.Insensitive);
        var stored = await KeyCipherAsync(project);
        // Stored only as the at-rest cipher's envelope (key id, nonce, tag) of 256 random bits.
        app.Services.GetRequiredService<Server.Common.Security.AtRestCipher>().DecryptBytes(stored).Length.ShouldBe(32);
        stored.Length.ShouldBeGreaterThanOrEqualTo(12 + 32 + 16);

        var empty = Array.Empty<byte>();
        await app.QueryAsync(db => db.ResearchProjects.Where(p => p.Id == project).ExecuteUpdateAsync(s => s.SetProperty(p => p.EncryptedKey, empty)));
        await (await researcher.ExportAsync(project, "csv", ["sex"])).ShouldConflictAsync("research.key-missing");
        var tampered = stored.ToArray();
        tampered[20] ^= 0xff;
        await app.QueryAsync(db => db.ResearchProjects.Where(p => p.Id == project).ExecuteUpdateAsync(s => s.SetProperty(p => p.EncryptedKey, tampered)));
        await (await researcher.ExportAsync(project, "csv", ["sex"])).ShouldConflictAsync("research.key-missing");
        (await app.QueryAsync(db => db.ResearchExports.CountAsync(e => e.ProjectId == project || e.ProjectId == ended))).ShouldBe(0);
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_creates_nothing()
    {
        var researcher = app.Researcher();
        var before = await app.QueryAsync(db => db.ResearchProjects.CountAsync());
        async Task Refused(Action<Dictionary<string, object?>> change, string field, string code)
        {
            var body = ResearchKit.ProjectBody();
            change(body);
            await (await researcher.PostAsJsonAsync("/api/research/projects", body)).ShouldNameFieldAsync(field, code);
        }

        await Refused(b => b["title"] = " ", "title", "required-max-length");
        await Refused(b => b["approvalReference"] = "REK-123", "approvalReference", "research.approval-reference");
        await Refused(b => b["approvalReference"] = null, "approvalReference", "required");
        await Refused(b => b["variables"] = new[] { "sex", "national_id" }, "variables[1]", "research.variable-unknown");
        await Refused(b => b["variables"] = Array.Empty<string>(), "variables", "required");
        await Refused(b => b["dateHandling"] = "fuzzy", "dateHandling", "research.date-handling");
        await Refused(b => b["dateHandling"] = "shifted", "shiftDays", "between");
        await Refused(b => b["periodTo"] = "2025-12-31", "periodTo", "date.not-before");
        await Refused(b => b["members"] = new[] { "" }, "members[0]", "research.member");
        (await app.QueryAsync(db => db.ResearchProjects.CountAsync())).ShouldBe(before);

        var project = await researcher.CreateProjectAsync(ResearchKit.ProjectBody());
        await (await researcher.ExportAsync(project, "xlsx", ["sex"])).ShouldNameFieldAsync("format", "research.format");
        await (await researcher.ExportAsync(project, "csv", ["sex", "name"])).ShouldNameFieldAsync("variables[1]", "research.variable-unknown");
        await (await researcher.PostAsJsonAsync($"/api/research/projects/{project}/exports", new { format = "csv" })).ShouldNameFieldAsync("variables", "required");
    }

    [Fact]
    public async Task An_open_project_is_offered_on_the_participants_consent_page_with_its_own_text_version()
    {
        var project = await app.Researcher().CreateProjectAsync(ResearchKit.ProjectBody(title: "Tilbudt prosjekt"));
        var person = await app.ReferredAsync();

        var offer = (await app.AsParticipant(person.NationalId).GetOkAsync("/api/me/consents")).GetProperty("offered").EnumerateArray()
            .Single(o => o.GetProperty("purpose").GetString() == $"research:{project}");
        offer.GetProperty("textVersion").GetString().ShouldBe(ResearchKit.ConsentVersion);
        offer.GetProperty("title").GetString().ShouldBe("Tilbudt prosjekt");
        await (await app.AsParticipant(person.NationalId).PostAsJsonAsync("/api/me/consents", new { purpose = $"research:{project}", textVersion = "1.0" }))
            .ShouldConflictAsync("consent.text-outdated", "textVersion");
    }

    private Task<int> SetStatusAsync(Guid person, PrescriptionStatus status) =>
        app.QueryAsync(db => db.Prescriptions.Where(p => p.ParticipantId == person).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status)));

    private async Task<byte[]> KeyCipherAsync(Guid project) =>
        await app.QueryAsync(db => db.ResearchProjects.AsNoTracking().Where(p => p.Id == project).Select(p => p.EncryptedKey).SingleAsync());

    private async Task<byte[]> KeyAsync(Guid project)
    {
        var cipher = await KeyCipherAsync(project);
        return app.Services.GetRequiredService<Server.Common.Security.AtRestCipher>().DecryptBytes(cipher);
    }

    /// <summary>Every way a person's identity could be written: national id, names, birth date in common formats, internal id.</summary>
    private static IEnumerable<string> Identifying(ResearchPerson p) =>
    [
        p.NationalId, p.GivenName, p.FamilyName,
        p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.BirthDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        p.BirthDate.ToString("ddMMyy", CultureInfo.InvariantCulture), p.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        p.PersonId.ToString("D"), p.PersonId.ToString("N"),
    ];
}
