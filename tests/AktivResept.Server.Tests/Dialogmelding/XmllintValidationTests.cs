using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Tests.Dialogmelding;

/// <summary>
/// Every kind of message the sender writes, as the built-in adapter put it in its folder, validated by an independent
/// validator: libxml2's <c>xmllint --schema</c> (Debian's libxml2-utils, installed by test.sh) against the XSD files
/// stored in the repository. Neither .NET's schema classes nor the server's embedded copy take part.
/// </summary>
public sealed class XmllintValidationTests : IAsyncLifetime
{
    private DialogmeldingFactory _app = null!;

    private static string EntrySchema => Path.Combine(StoredSchemas.RepositoryRoot, "src", "AktivResept.Server", "Features", "Dialogmelding", "Schemas", "aktivresept-dialogmelding-validation.xsd");

    public async Task InitializeAsync()
    {
        _app = new DialogmeldingFactory();
        await _app.InitializeAsync();
        await _app.FanOutAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Status_change_adherence_report_and_completion_summary_files_are_valid_for_xmllint()
    {
        var gp = _app.AsGp();
        var channel = await gp.PutAsJsonAsync($"/api/organisations/{DemoIdentities.GpOfficeOrg}/notification-channel", new { channel = "Dialogmelding", herId = "8142987" });
        channel.StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = await AcceptedPrescriptionAsync();
        var monday = TestData.Today.AddDays(7);
        await _app.AddEventAsync(id, PrescriptionEventType.AdherenceReport, new AdherenceReportData(monday, monday.AddDays(27), 7, 8, 7, 8));
        await _app.AddEventAsync(id, PrescriptionEventType.Completed, new CompletedData(monday, monday.AddDays(83), 20, 24, 1200, 0.8333m, "Completed"));

        await _app.FanOutAsync();
        (await _app.SendDialogmeldingAsync()).ShouldBe(3);

        var sent = await _app.QueryAsync(db => db.DialogmeldingMessages.Where(m => m.PrescriptionId == id).Select(m => new { m.Kind, m.Status, m.MsgId }).ToListAsync());
        sent.Select(m => m.Kind).ShouldBe([DialogmeldingKind.StatusChange, DialogmeldingKind.AdherenceReport, DialogmeldingKind.CompletionSummary], ignoreOrder: true);
        foreach (var message in sent)
        {
            message.Status.ShouldBe(DialogmeldingStatus.Sent);
            var file = Path.Combine(_app.OutboxDirectory, $"{message.MsgId}.xml");
            var (exit, output) = await XmllintAsync(file);
            exit.ShouldBe(0, $"{message.Kind}: {output}");
            output.ShouldContain("validates");
        }
    }

    [Fact]
    public async Task Xmllint_refuses_a_message_with_a_required_element_removed()
    {
        // The validator must be able to say no, or the test above proves nothing.
        var document = MsgHeadBuilder.Build(MsgHeadSchemaTests.Sample());
        document.Descendants(MsgHeadBuilder.Mh + "Receiver").Single().Remove();
        var file = Path.Combine(Path.GetTempPath(), $"aktivresept-invalid-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, document.ToString(SaveOptions.DisableFormatting));
        try
        {
            var (exit, output) = await XmllintAsync(file);

            exit.ShouldNotBe(0);
            output.ShouldContain("fails to validate");
            output.ShouldContain("Patient"); // where the missing Receiver was due
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<Guid> AcceptedPrescriptionAsync()
    {
        var gp = _app.AsGp();
        var gym = _app.AsOsloGym();
        var id = await gp.IssueAsync(TestData.IssueRequest(TestData.NewNationalId()));
        (await gp.PostAsJsonAsync($"/api/prescriptions/{id}/send", new { locationId = DemoIdentities.GrunerlokkaLocationId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trainers = await gym.GetFromJsonAsync<List<TestData.IdOnly>>($"/api/prescriptions/{id}/qualified-trainers", Json.Options);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await gym.PostAsJsonAsync($"/api/prescriptions/{id}/accept", new { trainerId = trainers!.First().Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static async Task<(int Exit, string Output)> XmllintAsync(string file)
    {
        var xmllint = new[] { "/usr/bin/xmllint", "/usr/local/bin/xmllint" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("xmllint not found: install libxml2-utils (test.sh does so when run as root).");
        var start = new ProcessStartInfo(xmllint, ["--noout", "--nonet", "--schema", EntrySchema, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
