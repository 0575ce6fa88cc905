using System.Text.Json.Serialization;
using AktivResept.Domain.Errors;

namespace AktivResept.Server.Common.Http;

/// <summary>
/// One page of a list: the items, which page (1-based) of what size, and how many there are in all. On the wire
/// <c>{ items, page, pageSize, total }</c>; a list that says more about itself (the inbox's unread count) extends it.
/// </summary>
public record Page<T>(IReadOnlyList<T> Items, [property: JsonPropertyName("page")] int Number, int PageSize, int Total);

/// <summary>
/// Which page a caller asks for. Every paged list takes <c>page</c> (1 to <see cref="MaxPage"/>) and <c>pageSize</c>
/// (1 to a list's own maximum, <see cref="MaxPageSize"/> unless it says otherwise).
/// </summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPage = 100_000;
    public const int MaxPageSize = 200;

    /// <summary>Rows to skip before this page.</summary>
    public int Skip => (Page - 1) * PageSize;

    /// <summary>Adds the field errors for <c>page</c> and <c>pageSize</c> if either is out of range; true when both are fine.</summary>
    public bool Validate(ValidationErrors errors, int maxPageSize = MaxPageSize)
    {
        var valid = true;
        if (Page is < 1 or > MaxPage)
        {
            errors.Add("page", ErrorCodes.Between.With(("min", 1), ("max", MaxPage)));
            valid = false;
        }

        if (PageSize < 1 || PageSize > maxPageSize)
        {
            errors.Add("pageSize", ErrorCodes.Between.With(("min", 1), ("max", maxPageSize)));
            valid = false;
        }

        return valid;
    }

    /// <summary>The nearest valid request, for the lists that have always forgiven an out-of-range page rather than refused it.</summary>
    public PageRequest Clamped(int maxPageSize = MaxPageSize) => new(Math.Clamp(Page, 1, MaxPage), Math.Clamp(PageSize, 1, maxPageSize));

    public Page<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, Page, PageSize, total);
}
