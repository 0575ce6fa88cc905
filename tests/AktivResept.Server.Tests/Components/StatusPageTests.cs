using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AktivResept.Server.Tests.Components;

/// <summary>
/// A page that is not found — an unknown address, or a record that is unknown or not the caller's — answers a browser
/// with a page in its language and the way home, not the framework's plain "Status Code: 404; Not Found".
/// </summary>
public sealed class StatusPageTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    [Fact]
    public async Task A_record_page_that_is_not_found_answers_a_browser_with_a_norwegian_page_and_the_way_home()
    {
        var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        await browser.SignInAsync("gp");

        using var response = await browser.GetAsync($"/henvisninger/{Guid.CreateVersion7()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"nb\">");
        html.ShouldContain("Fant ikke siden");
        html.ShouldContain("<a href=\"/\">");
        html.ShouldNotContain("Status Code");
    }

    [Fact]
    public async Task The_not_found_page_speaks_english_when_the_person_chose_english()
    {
        var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        (await browser.GetAsync("/konto/sprak?culture=en&returnUrl=%2F")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var response = await browser.GetAsync("/no-such-page/at-all");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"en\">");
        html.ShouldContain("Page not found");
    }

    [Fact]
    public async Task The_api_keeps_its_problem_details_even_when_a_browser_asks()
    {
        var client = app.AsGp();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync($"/api/prescriptions/{Guid.CreateVersion7()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetInt32().ShouldBe(404);
    }

    [Fact]
    public async Task A_page_the_role_may_not_open_answers_403_with_a_norwegian_page_in_the_layout_and_the_way_home()
    {
        var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        await browser.SignInAsync("gp");

        using var redirect = await browser.GetAsync("/tilbyder/henvisninger");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        redirect.Headers.Location!.AbsolutePath.ShouldBe("/ingen-tilgang");

        using var response = await browser.GetAsync(redirect.Headers.Location);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Ingen tilgang");
        html.ShouldContain("class=\"site-header\"");
        html.ShouldContain("<a href=\"/\">");
    }

    [Fact]
    public async Task An_unknown_address_is_a_page_in_the_site_layout()
    {
        var browser = app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var html = await (await browser.GetAsync("/henvisninger/ikke-en-id")).Content.ReadAsStringAsync();
        html.ShouldContain("class=\"site-header\"");
        html.ShouldContain("<main id=\"main\"");
        html.ShouldContain("Fant ikke siden");
    }
}

/// <summary>An unexpected failure answers a browser with a page in the layout that shows nothing of the failure.</summary>
public sealed class ServerErrorPageTests : IClassFixture<ServerErrorPageTests.FailingApp>
{
    private readonly FailingApp _app;

    public ServerErrorPageTests(FailingApp app) => _app = app;

    [Fact]
    public async Task An_unexpected_failure_answers_a_browser_with_a_500_page_that_leaks_nothing()
    {
        var browser = _app.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await browser.GetAsync("/test/fails");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Noe gikk galt");
        html.ShouldContain("class=\"site-header\"");
        html.ShouldContain("<a href=\"/\">");
        html.ShouldNotContain(FailingApp.Secret);
        html.ShouldNotContain("InvalidOperationException");
    }

    /// <summary>The app with one more step at the end of its pipeline that fails for the test paths.</summary>
    public sealed class FailingApp : AktivApiFactory
    {
        public const string Secret = "connection string with a password";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingPath>());
        }

        private sealed class FailingPath : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Use((HttpContext context, RequestDelegate rest) => context.Request.Path.Value?.EndsWith("/test/fails", StringComparison.Ordinal) == true
                    ? throw new InvalidOperationException(Secret)
                    : rest(context));
            };
        }
    }
}
