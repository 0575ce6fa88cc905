using System.Net;
using AktivResept.Server.Features.Demo;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Security;

/// <summary>Issue 20, item 3: sign-out is a state change, so it needs the form's antiforgery token like every other.</summary>
public sealed class SignOutTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private const string SignOut = "/konto/logg-ut";

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_person_stays_signed_in()
    {
        var browser = await SignedInAsync();

        using var response = await browser.PostAsync(SignOut, new FormUrlEncodedContent(new Dictionary<string, string>()));

        var problem = await ProblemResponses.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("request.antiforgery");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await browser.GetAsync("/henvisninger")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_out_with_a_forged_token_is_refused()
    {
        var browser = await SignedInAsync();

        using var response = await browser.PostAsync(SignOut, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = "CfDJ8forged",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetAsync("/henvisninger")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_out_with_the_pages_token_signs_out()
    {
        var browser = await SignedInAsync();
        var token = await browser.FormTokenAsync("/henvisninger");

        using var response = await browser.PostAsync(SignOut, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/logg-inn");
        var after = await browser.GetAsync("/henvisninger");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/logg-inn");
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var browser = app.Browser();
        await browser.SignInAsync(DemoIdentities.Personas[0].Key);
        (await browser.GetAsync("/henvisninger")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return browser;
    }
}
