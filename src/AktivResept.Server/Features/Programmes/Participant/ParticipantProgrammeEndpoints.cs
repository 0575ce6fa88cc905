using AktivResept.Domain.Errors;
using AktivResept.Domain.Matching;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AktivResept.Server.Features.Programmes.Participant;

/// <summary>The participant's own «Aktiv på dagtid» reads (the pages at /mine-timer use the same classes); actions are the booking slice's routes.</summary>
public static class ParticipantProgrammeEndpoints
{
    public static IServiceCollection AddParticipantProgrammes(this IServiceCollection services)
    {
        services.AddScoped<MyTimetable>();
        services.AddScoped<MyBookings>();
        return services;
    }

    public static IEndpointRouteBuilder MapParticipantProgrammes(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/programme-bookings/mine").WithApiDefaults("Programmes");
        mine.MapGet("/timetable", GetTimetableAsync)
            .WithSummary("Participant: the next four weeks' sessions of the programmes you are registered for or may register for, with your own bookings; filter by municipality (default: yours) and accessibility (default: your needs)");
        mine.MapGet("/overview", async (ICurrentUserAccessor me, MyBookings m, CancellationToken ct) => (await m.GetAsync(me.Caller(), ct)).ToOk())
            .WithSummary("Participant: your bookings, upcoming and past, and your no-show status per programme");
        return app;
    }

    private static async Task<Results<Ok<MyTimetableView>, ProblemHttpResult>> GetTimetableAsync(
        ICurrentUserAccessor me, MyTimetable timetable, CancellationToken ct, string? kommunenummer = null, string? accessibility = null, Guid? sessionId = null)
    {
        List<AccessibilityFeature>? features = null;
        if (accessibility is not null)
        {
            features = [];
            foreach (var part in accessibility.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<AccessibilityFeature>(part, ignoreCase: true, out var feature) || !Enum.IsDefined(feature) || char.IsDigit(part[0]))
                {
                    var errors = new ValidationErrors();
                    errors.Add("accessibility", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<AccessibilityFeature>()))));
                    return errors.ToProblem();
                }

                features.Add(feature);
            }
        }

        return (await timetable.GetAsync(me.Caller(), new MyTimetableFilter(kommunenummer, features, sessionId), ct)).ToOk();
    }
}
