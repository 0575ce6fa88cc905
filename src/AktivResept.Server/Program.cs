using AktivResept.Server.Cli;
using AktivResept.Server.Common;
using AktivResept.Server.Common.Access;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Configuration;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Common.Retention;
using AktivResept.Server.Common.WarmUp;
using AktivResept.Server.Components;
using AktivResept.Server.Data;
using AktivResept.Server.Features.AccessLog;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Health;
using AktivResept.Server.Features.HealthAccounts;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Municipal;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Outcomes;
using AktivResept.Server.Features.Payments;
using AktivResept.Server.Features.Pilots;
using AktivResept.Server.Features.Prescriptions;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Features.Research;
using AktivResept.Server.Features.SectorStatistics;
using AktivResept.Server.Features.SecurityAlerts;
using AktivResept.Server.Fhir;

var builder = WebApplication.CreateBuilder(CommandLine.HostArguments(args));
if (!StartupSettings.Check(builder))
{
    return 1;
}

builder.AddDevelopmentSecrets();
builder.Services
    .AddAktivHttp()
    .AddCore(builder.Configuration)
    .AddDatabase(builder.Configuration)
    .AddAktivAuth(builder.Configuration, builder.Environment)
    .AddRateLimits(builder.Configuration)
    .AddRetention(builder.Configuration)
    .AddAccess()
    .AddHealth()
    .AddWarmUp(builder.Configuration)
    .AddBenefits()
    .AddPrescriptions(builder.Configuration)
    .AddAttendance(builder.Configuration)
    .AddOutcomes(builder.Configuration)
    .AddIntegrations(builder.Configuration)
    .AddNotifications(builder.Configuration)
    .AddDialogmelding(builder.Configuration)
    .AddClaims()
    .AddContracts()
    .AddPilots()
    .AddProgrammes()
    .AddKpiEvaluation(builder.Configuration)
    .AddPayments()
    .AddProviders()
    .AddMunicipal()
    .AddDemo()
    .AddAccessLog()
    .AddConsents(builder.Configuration)
    .AddSecurityAlerts()
    .AddHealthAccounts()
    .AddSectorStatistics(builder.Configuration)
    .AddResearch()
    .AddFhir()
    .AddWebUi();

var app = builder.Build();
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(app, args);
}

// On its own thread while the pipeline and endpoints are mapped: the database's first use (the context pool, the
// first connection, the history table's read) costs more than the mapping, and neither needs the other (issue 19).
var embeddedDatabase = Task.Run(app.PrepareEmbeddedDatabaseAsync);
app.UseForwardedClientAddress();
app.UseAktivHttp();
app.UseAuthentication();
app.UseRateLimits();
app.UseAuthorization();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealth();
app.MapPrescriptions();
app.MapAttendance();
app.MapOutcomes();
app.MapIntegrations();
app.MapNotifications();
app.MapDialogmelding();
app.MapClaims();
app.MapContracts();
app.MapPilots();
app.MapProgrammes();
app.MapKpiResults();
app.MapPayments();
app.MapProviders();
app.MapMunicipal();
app.MapBenefits();
app.MapAccessLog();
app.MapConsents();
app.MapSecurityAlerts();
app.MapHealthAccounts();
app.MapHealthAccountPdf();
app.MapSectorStatistics();
app.MapResearch();
app.MapFhir();
app.MapWebUi();
app.BuildEndpointsOnce();

await embeddedDatabase;
await app.RunAsync();
return 0;

/// <summary>Entry point, public so the test host can start it.</summary>
public partial class Program;
