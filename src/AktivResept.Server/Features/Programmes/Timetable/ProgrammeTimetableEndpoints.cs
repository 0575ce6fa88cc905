using AktivResept.Domain.Errors;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>The timetable slice of «Aktiv på dagtid»: its services and routes, called from <see cref="ProgrammesModule"/>.</summary>
public static class ProgrammeTimetableEndpoints
{
    public static IServiceCollection AddProgrammeTimetable(this IServiceCollection services)
    {
        services.AddScoped<ProgrammeSetup>();
        services.AddScoped<SeriesPlanning>();
        services.AddScoped<SessionCancellation>();
        services.AddScoped<ProgrammeEnding>();
        services.AddScoped<SeriesCalendar>();
        services.AddScoped<TimetableChoiceReader>();
        services.AddSingleton<PublicTimetableCache>();
        services.AddSingleton<PublicTimetable>();
        return services;
    }

    public static IEndpointRouteBuilder MapProgrammeTimetable(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/programmes").WithApiDefaults("Programmes");
        staff.MapGet("/", async (ICurrentUserAccessor me, ProgrammeSetup m, CancellationToken ct) => (await m.ListAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Coordinator or gym admin: the «Aktiv på dagtid» programmes you manage");
        staff.MapPost("/", async (CreateProgrammeRequest request, ICurrentUserAccessor me, ProgrammeSetup m, CancellationToken ct) =>
                (await m.CreateAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/programmes/{v.Id}"))
            .WithSummary("Create a programme run by the municipality, by a gym under its active contract, or (where the municipality offers none) by a gym on state funding");
        staff.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, ProgrammeSetup m, CancellationToken ct) => (await m.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("A programme you manage: terms and weekly series");
        staff.MapPost("/{id:guid}/terms", async (Guid id, TermRequest request, ICurrentUserAccessor me, ProgrammeSetup m, CancellationToken ct) =>
                (await m.AddTermAsync(me.Caller(), id, request, ct)).ToCreated(v => $"/api/programmes/{id}#term-{v.Id}"))
            .WithSummary("Add a term (season) with its holidays");
        staff.MapPost("/{id:guid}/terms/{termId:guid}/series", async (Guid id, Guid termId, SeriesRequest request, ICurrentUserAccessor me, SeriesPlanning m, CancellationToken ct) =>
                (await m.CreateAsync(me.Caller(), id, termId, request, ct)).ToCreated(v => $"/api/programmes/{id}/series/{v.Id}"))
            .WithSummary("Add a weekly series, unrolled into a session a week for the rest of the term (holidays skipped); room or instructor double-booked: 409 naming the session");
        staff.MapPut("/{id:guid}/series/{seriesId:guid}", async (Guid id, Guid seriesId, SeriesRequest request, ICurrentUserAccessor me, SeriesPlanning m, CancellationToken ct) =>
                (await m.EditAsync(me.Caller(), id, seriesId, request, ct)).ToOk())
            .WithSummary("Edit a series: its sessions that have not started follow; capacity never below the places taken (409)");
        staff.MapGet("/{id:guid}/sessions", async (Guid id, ICurrentUserAccessor me, SeriesPlanning m, CancellationToken ct, DateOnly? from = null, DateOnly? to = null) =>
                (await m.SessionsAsync(me.Caller(), id, from, to, ct)).ToOk())
            .WithSummary("Sessions between two Oslo days (default the next four weeks) with fill rate and waiting list");
        staff.MapPost("/{id:guid}/sessions/{sessionId:guid}/cancel", async (Guid id, Guid sessionId, CancelSessionRequest request, ICurrentUserAccessor me, SessionCancellation m, CancellationToken ct) =>
                (await m.CancelAsync(me.Caller(), id, sessionId, request, ct)).ToOk())
            .WithSummary("Cancel one date with a reason: its bookings end and every booked or waiting person gets one SMS (no health data)");
        staff.MapPost("/{id:guid}/end", async (Guid id, EndProgrammeRequest request, ICurrentUserAccessor me, ProgrammeEnding m, CancellationToken ct) =>
                (await m.EndAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("End the programme after a last day (today or later): later dates are cancelled with the reason, each booked or waiting person told by SMS; ended already: 409");

        // The public timetable: no sign-in, no personal data.
        var open = app.MapGroup("/api/public/aktiv-pa-dagtid").AllowAnonymous().WithTags("Programmes (public)").AddEndpointFilterFactory(BoundValueFilter.Create);
        open.MapGet("/", async (PublicTimetable t, CancellationToken ct) => TypedResults.Ok(await t.MunicipalitiesAsync(ct)))
            .WithSummary("The municipalities we serve and how many programmes each runs");
        open.MapGet("/{kommunenummer}", GetTimetableAsync)
            .Produces<PublicTimetableView>(StatusCodes.Status200OK, "application/json")
            .WithSummary("A municipality's timetable: sessions with free places (at most 5 s old); filter by day, activity and accessibility (all given must be met)");
        open.MapGet("/series/{seriesId:guid}.ics", async (Guid seriesId, SeriesCalendar c, CancellationToken ct) =>
                await c.IcsAsync(seriesId, ct) is { } ics
                    ? Results.Text(ics, "text/calendar; charset=utf-8")
                    : Problems.Of(StatusCodes.Status404NotFound, "Not found", ErrorCodes.NotFound, null))
            .WithSummary("A weekly series as iCalendar: Oslo time, cancelled dates as STATUS:CANCELLED");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetTimetableAsync(
        string kommunenummer, PublicTimetable timetable, HttpContext http, CancellationToken ct,
        DateOnly? from = null, DateOnly? to = null, string? day = null, string? activity = null, string? accessibility = null)
    {
        var errors = new ValidationErrors();
        var weekday = Parse<DayOfWeek>(day, "day", errors);
        var kind = Parse<ProgrammeActivity>(activity, "activity", errors);
        var features = new List<AccessibilityFeature>();
        foreach (var part in (accessibility ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Parse<AccessibilityFeature>(part, "accessibility", errors) is { } feature)
            {
                features.Add(feature);
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var body = await timetable.GetJsonAsync(kommunenummer, new TimetableFilter(from, to, weekday, kind, features), ct);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        // A client that kept this answer asks again with its tag and gets a 304 while nothing changed; SecurityHeaders
        // marks the answer no-store, so nothing in between serves it older than the server's own read.
        var (json, etag) = body.Value!;
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(json, "application/json; charset=utf-8");
    }

    private static T? Parse<T>(string? value, string field, ValidationErrors errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value.Trim()[0]))
        {
            return parsed;
        }

        errors.Add(field, ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<T>()))));
        return null;
    }
}
