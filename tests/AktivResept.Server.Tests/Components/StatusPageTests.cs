using System.Net;
using System.Net.Http.Json;
using AktivResept.Server.Tests.Infrastructure;
using AktivResept.Server.Tests.Security;

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
}
