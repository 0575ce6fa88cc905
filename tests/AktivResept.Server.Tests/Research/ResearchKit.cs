using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Features.Research;
using AktivResept.Server.Tests.Attendance;
using AktivResept.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Research;

/// <summary>A seeded participant: what must never appear in an export file, and the internal id the pseudonym hides.</summary>
internal sealed record ResearchPerson(string NationalId, string GivenName, string FamilyName, DateOnly BirthDate, Guid PersonId);

/// <summary>An export as the tests read it: the zip's entries, the data rows (from CSV) and the dictionary.</summary>
internal sealed record ExportedFile(byte[] Zip, IReadOnlyDictionary<string, byte[]> Entries, JsonElement Dictionary);

internal static class ResearchKit
{
    public const string ResearchOrg = "991001700";
    public const string OtherResearchOrg = "991002103";
    public const string ConsentVersion = "forsk-1.0";

    public static HttpClient Researcher(this AktivApiFactory app, string org = ResearchOrg) => app.ClientAs(Roles.Researcher, org: org);

    public static string SubjectOf(string org) => DevTokens.Subject(Roles.Researcher, null, org, null);

    public static Dictionary<string, object?> ProjectBody(string? title = null, string from = "2026-01-01", string to = "2027-12-31", string[]? variables = null,
        string dateHandling = "exact", int? shiftDays = null, string[]? members = null) => new()
        {
            ["title"] = title ?? $"Trening og helse {Guid.NewGuid():N}"[..30],
            ["approvalReference"] = "REK 2026/123456",
            ["purpose"] = "Følgeforskning på effekten av trening på resept.",
            ["periodFrom"] = from,
            ["periodTo"] = to,
            ["variables"] = variables ?? [.. ResearchVariables.All.Select(v => v.Name)],
            ["dateHandling"] = dateHandling,
            ["shiftDays"] = shiftDays,
            ["consentTextVersion"] = ConsentVersion,
            ["members"] = members ?? [],
        };

    public static async Task<Guid> CreateProjectAsync(this HttpClient researcher, Dictionary<string, object?> body)
    {
        var response = await researcher.PostAsJsonAsync("/api/research/projects", body);
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>A person referred by the GP (with a unique name), optionally consenting to the project on their own page.</summary>
    public static async Task<ResearchPerson> ReferredAsync(this AktivApiFactory app, params Guid[] consentTo)
    {
        var fnr = TestData.NewNationalId();
        var unique = new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)]);
        var (given, family) = ($"Sigvald{unique}", $"Trondsen{unique}");
        var request = TestData.IssueRequest(fnr);
        var participant = (Dictionary<string, object?>)request["participant"]!;
        participant["givenName"] = given;
        participant["familyName"] = family;
        await app.AsGp().IssueAsync(request);
        var person = await app.QueryAsync(db => db.People.AsNoTracking().SingleAsync(p => p.GivenName == given));
        foreach (var project in consentTo)
        {
            await app.ConsentAsync(fnr, project);
        }

        return new ResearchPerson(fnr, given, family, person.BirthDate, person.Id);
    }

    public static async Task<Guid> ConsentAsync(this AktivApiFactory app, string fnr, Guid project)
    {
        var response = await app.AsParticipant(fnr).PostAsJsonAsync("/api/me/consents", new { purpose = $"research:{project}", textVersion = ConsentVersion });
        var json = await response.ReadJsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> ExportAsync(this HttpClient researcher, Guid project, string format, IEnumerable<string>? variables = null) =>
        researcher.PostAsJsonAsync($"/api/research/projects/{project}/exports",
            new { variables = variables ?? ResearchVariables.All.Select(v => v.Name), format });

    public static async Task<ExportedFile> ExportedAsync(this HttpClient researcher, Guid project, string format, IEnumerable<string>? variables = null)
    {
        var response = await researcher.ExportAsync(project, format, variables);
        var zip = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(zip));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            entries[entry.FullName] = copy.ToArray();
        }

        return new ExportedFile(zip, entries, JsonDocument.Parse(entries["dictionary.json"]).RootElement);
    }

    /// <summary>The CSV's rows as column name → value.</summary>
    public static List<Dictionary<string, string>> CsvRows(this ExportedFile file)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(file.Entries["data.csv"]));
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? string.Empty, StringComparer.Ordinal));
        }

        return rows;
    }
}
