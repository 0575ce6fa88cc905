using System.Net;
using System.Text.Json;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.Api;

/// <summary>Every paged list takes the same page/pageSize, refuses them the same way, and keeps its wire shape.</summary>
public sealed class PagingTests(AktivApiFactory app) : IClassFixture<AktivApiFactory>
{
    private readonly HttpClient _gp = app.AsGp();

    [Theory]
    [InlineData("/api/prescriptions")]
    [InlineData("/api/inbox")]
    [InlineData("/api/subscriptions/00000000-0000-0000-0000-000000000001/deliveries")]
    public async Task A_page_and_page_size_out_of_range_are_both_named_as_field_errors(string path)
    {
        var response = await _gp.GetAsync($"{path}?page=0&pageSize=1000");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.GetProperty("page")[0].GetProperty("code").GetString().ShouldBe("between");
        errors.GetProperty("page")[0].GetProperty("args").GetProperty("max").GetInt32().ShouldBe(PageRequest.MaxPage);
        errors.GetProperty("pageSize")[0].GetProperty("code").GetString().ShouldBe("between");
        errors.GetProperty("pageSize")[0].GetProperty("args").GetProperty("max").GetInt32().ShouldBe(PageRequest.MaxPageSize);
    }

    [Theory]
    [InlineData("/api/prescriptions?page=2&pageSize=3", "items,page,pageSize,total")]
    [InlineData("/api/inbox?page=2&pageSize=3", "items,page,pageSize,total,unread")]
    public async Task A_page_on_the_wire_names_its_items_page_size_and_total(string path, string fields)
    {
        var response = await _gp.GetAsync(path);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var root = JsonDocument.Parse(body).RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(fields.Split(','));
        root.GetProperty("page").GetInt32().ShouldBe(2);
        root.GetProperty("pageSize").GetInt32().ShouldBe(3);
    }

    [Fact]
    public void A_request_in_range_is_valid_and_skips_the_pages_before_it()
    {
        var errors = new ValidationErrors();

        new PageRequest(3, 20).Validate(errors).ShouldBeTrue();

        errors.Any.ShouldBeFalse();
        new PageRequest(3, 20).Skip.ShouldBe(40);
    }

    [Fact]
    public void A_list_with_a_larger_limit_accepts_pages_up_to_it_and_names_it_when_exceeded()
    {
        var errors = new ValidationErrors();

        new PageRequest(1, 500).Validate(errors, maxPageSize: 500).ShouldBeTrue();
        new PageRequest(1, 501).Validate(errors, maxPageSize: 500).ShouldBeFalse();

        var error = errors.ToDictionary()["pageSize"].ShouldHaveSingleItem();
        error.Code.ShouldBe("between");
        error.Args["max"].ShouldBe(500);
    }

    [Fact]
    public void A_forgiving_list_clamps_an_out_of_range_request_to_the_nearest_valid_one()
    {
        new PageRequest(0, 1000).Clamped().ShouldBe(new PageRequest(1, PageRequest.MaxPageSize));
        new PageRequest(int.MaxValue, 0).Clamped(500).ShouldBe(new PageRequest(PageRequest.MaxPage, 1));
    }
}
