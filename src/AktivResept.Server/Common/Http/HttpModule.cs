using System.Text.Json.Serialization;
using AktivResept.Server.Common.Configuration;

namespace AktivResept.Server.Common.Http;

public static class HttpModule
{
    public static IServiceCollection AddAktivHttp(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? c.HttpContext.TraceIdentifier);
            Problems.EnsureCode(c.ProblemDetails);
        });
        services.AddExceptionHandler<ExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new StoredTextJsonConverter());
        });

        // Binding failures (malformed JSON, wrong types, unknown enum values) reach ExceptionHandler, which names the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        // A year, subdomains included (ASVS 5.0 V3.4.1 at level 2); sent only in deployed environments (UseAktivHttp).
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static WebApplication UseAktivHttp(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        if (!StartupSettings.DefaultsAllowed(app.Environment))
        {
            // Only over HTTPS (directly, or as X-Forwarded-Proto says behind a proxy: see README "Production").
            app.UseHsts();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseMiddleware<FormTextCheck>();
        return app;
    }
}
