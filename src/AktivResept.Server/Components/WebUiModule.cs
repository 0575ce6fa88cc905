using System.Globalization;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Components.Account;
using AktivResept.Server.Components.Claims;
using AktivResept.Server.Components.Contracts;
using AktivResept.Server.Components.HealthAccounts;
using AktivResept.Server.Components.Layout;
using AktivResept.Server.Components.Municipal;
using AktivResept.Server.Components.Programmes;
using AktivResept.Server.Components.Research;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace AktivResept.Server.Components;

/// <summary>
/// The web UI: Blazor static server-side rendering with enhanced navigation and forms. Pages call the same use-case
/// handlers as the REST API, in-process, so rules, need-to-know scope and audit apply identically.
/// </summary>
public static class WebUiModule
{
    /// <summary>Pages authenticate with the cookie scheme only; /api stays bearer-only.</summary>
    public const string Policy = "web";

    /// <summary>Signed in on the web, with or without a role chosen yet: only the role chooser asks no more.</summary>
    public const string PersonPolicy = "web-person";

    public static readonly CultureInfo[] Cultures = [new("nb-NO"), new("en")];

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        // Strict like the sign-in cookie: every form is posted from our own pages.
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((o, environment) =>
            SiteCookies.Harden(o.Cookie, SiteCookies.Antiforgery, SameSiteMode.Strict, environment));
        services.AddLocalization();
        services.AddSingleton<ThemeAssets>();
        // Before the default JSON writer: a page that is not found, or a refused page or form post, gets a page.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, StatusPage>());
        services.AddScoped<Contracts.ProviderDirectory>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ClaimNames.Role, Roles.All))
            .AddPolicy(PersonPolicy, policy => policy
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ClaimNames.NationalId));
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            cookie.AccessDeniedPath = "/ingen-tilgang");
        services.AddOptions<RequestLocalizationOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Bokmål unless the person chose otherwise in the header: the browser's language is not consulted.
            options.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = SiteCookies.Name(SiteCookies.Language, environment) }];
        });
        return services;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        // Only pages get static files and localisation: the API and FHIR facade keep the invariant culture, and their
        // paths (which may carry identifiers) never pass through middleware that logs them.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/fhir"), web =>
        {
            web.UseStaticFiles();
            web.UseRequestLocalization();
        });
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapPaymentDownloads();
        app.MapContractDownloads();
        app.MapMunicipalDownloads();
        app.MapClaimDownloads();
        app.MapProgrammeReportDownloads();
        app.MapHealthAccountDownloads();
        app.MapResearchDownloads();
        app.MapRazorComponents<App>();
        return app;
    }
}
