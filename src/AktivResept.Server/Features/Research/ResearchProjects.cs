using System.Text.RegularExpressions;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Consents;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// Setting up and reading research projects (issue 17). A researcher creates a project and becomes its owner; members
/// are other researchers. Only researchers on the project see it: anyone else's request for it is a 404 like an unknown
/// id, and is audited. The project's pseudonym key is made here; when it cannot be made nothing is saved (409).
/// </summary>
public sealed partial class ResearchProjects(AktivDbContext db, ResearchKeys keys, AuditLog audit, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxPurpose = 4000;
    public const int MaxMembers = 50;
    private const string Resource = "ResearchProject";

    public async Task<Outcome<ResearchProjectDetail>> CreateAsync(CurrentUser user, CreateResearchProjectRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!user.Is(Roles.Researcher))
        {
            await audit.DeniedAsync(user, Resource, AuditAction.Create, ct);
            return Failure.Of(ApiErrorCodes.ResearcherOnly);
        }

        var errors = new ValidationErrors();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitle)
        {
            errors.Add("title", ErrorCodes.RequiredMaxLength.With(("max", MaxTitle)));
        }

        var approval = ApprovalReference(request.ApprovalReference);
        if (string.IsNullOrWhiteSpace(request.ApprovalReference))
        {
            errors.Add("approvalReference", ErrorCodes.Required);
        }
        else if (approval is null)
        {
            errors.Add("approvalReference", ApiErrorCodes.ResearchApprovalReference);
        }

        var purpose = request.Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose) || purpose.Length > MaxPurpose)
        {
            errors.Add("purpose", ErrorCodes.RequiredMaxLength.With(("max", MaxPurpose)));
        }

        if (request.PeriodFrom is null)
        {
            errors.Add("periodFrom", ErrorCodes.Required);
        }

        if (request.PeriodTo is null)
        {
            errors.Add("periodTo", ErrorCodes.Required);
        }
        else if (request.PeriodTo < request.PeriodFrom)
        {
            errors.Add("periodTo", ErrorCodes.NotBefore.With(("other", "periodFrom")));
        }

        var variables = ReadVariables(request.Variables, errors);
        var handling = ReadDateHandling(request.DateHandling, request.ShiftDays, errors);
        var version = request.ConsentTextVersion?.Trim();
        if (string.IsNullOrEmpty(version) || version.Length > 40)
        {
            errors.Add("consentTextVersion", ErrorCodes.RequiredMaxLength.With(("max", 40)));
        }

        var members = ReadMembers(request.Members, user.Subject, errors);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        // A project without its key cannot exist: if the key cannot be made and read back, nothing is saved.
        if (keys.NewEncryptedKey() is not { } key)
        {
            await audit.RefusedAsync(user, Resource, AuditAction.Create, null, ct);
            return Failure.Of(ApiErrorCodes.ResearchKeyUnavailable);
        }

        var project = new ResearchProject
        {
            Title = title!,
            OwnerSubject = user.Subject,
            OwnerName = user.Name,
            Members = members,
            ApprovalReference = approval!,
            Purpose = purpose!,
            PeriodFrom = request.PeriodFrom!.Value,
            PeriodTo = request.PeriodTo!.Value,
            Variables = variables,
            DateHandling = handling!.Value.Handling,
            ShiftDays = handling.Value.ShiftDays,
            ConsentTextVersion = version!,
            EncryptedKey = key,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ResearchProjects.Add(project);
        audit.Add(user, $"{Resource}/{project.Id}", AuditAction.Create, AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(project, user, ct);
    }

    public async Task<Outcome<IReadOnlyList<ResearchProjectSummary>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.Is(Roles.Researcher))
        {
            await audit.DeniedAsync(user, Resource, AuditAction.Search, ct);
            return Failure.Of(ApiErrorCodes.ResearcherOnly);
        }

        var today = Oslo.Today(clock.GetUtcNow());
        var subject = user.Subject;
        var projects = await db.ResearchProjects.AsNoTracking().Where(p => p.OwnerSubject == subject || p.Members.Contains(subject))
            .OrderByDescending(p => p.PeriodFrom).ThenBy(p => p.Title).ToListAsync(ct);
        return projects.Select(p => new ResearchProjectSummary(p.Id, p.Title, p.ApprovalReference, p.PeriodFrom, p.PeriodTo, p.OwnerSubject == subject, p.Covers(today))).ToList();
    }

    public async Task<Outcome<ResearchProjectDetail>> GetAsync(CurrentUser user, Guid id, CancellationToken ct) =>
        await FindAsync(user, id, AuditAction.Read, ct) is { } project ? await DetailAsync(project, user, ct) : await RefusalAsync(user);

    /// <summary>
    /// The project if the caller is a researcher on it; otherwise null, with the denial audited (a researcher not on the
    /// project sees a 404 like an unknown id, another role a 403).
    /// </summary>
    internal async Task<ResearchProject?> FindAsync(CurrentUser user, Guid id, string action, CancellationToken ct)
    {
        var project = user.Is(Roles.Researcher) ? await db.ResearchProjects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
        if (project is not null && project.IsOnProject(user.Subject))
        {
            return project;
        }

        await audit.DeniedAsync(user, $"{Resource}/{id}", action, ct);
        return null;
    }

    internal static Task<Failure> RefusalAsync(CurrentUser user) =>
        Task.FromResult(user.Is(Roles.Researcher) ? Failure.NotFound() : Failure.Of(ApiErrorCodes.ResearcherOnly));

    private async Task<ResearchProjectDetail> DetailAsync(ResearchProject p, CurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var consenting = (await ResearchConsents.InForceAsync(db, p.Id, now, ct)).Count;
        var exports = await db.ResearchExports.AsNoTracking().Where(e => e.ProjectId == p.Id).OrderByDescending(e => e.At).Take(50).ToListAsync(ct);
        return new ResearchProjectDetail(p.Id, p.Title, p.ApprovalReference, p.Purpose, p.PeriodFrom, p.PeriodTo, p.OwnerName, p.OwnerSubject == user.Subject,
            p.Members, [.. ResearchVariables.All.Where(v => p.Variables.Contains(v.Name))], p.DateHandling, p.ShiftDays, p.ConsentTextVersion,
            ConsentPurpose.Research(p.Id), consenting, p.Covers(Oslo.Today(now)),
            [.. exports.Select(e => new ResearchExportView(e.Id, e.At, e.ByName, e.Format, e.Variables, e.Persons, e.Rows))], p.CreatedAt);
    }

    /// <summary>A REK reference: <c>yyyy/n…</c> (a year, a slash, 3 to 7 digits), optionally written with «REK » first.</summary>
    public static string? ApprovalReference(string? text)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith("REK", StringComparison.OrdinalIgnoreCase))
        {
            value = value[3..].Trim();
        }

        return RekNumber().IsMatch(value) && int.Parse(value[..4], System.Globalization.CultureInfo.InvariantCulture) is >= 2000 and <= 2100 ? value : null;
    }

    internal static List<string> ReadVariables(IReadOnlyList<string?>? input, ValidationErrors errors, string field = "variables")
    {
        if (input is null || input.Count == 0)
        {
            errors.Add(field, ErrorCodes.Required);
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < input.Count; i++)
        {
            if (ResearchVariables.Find(input[i]?.Trim()) is not { } variable)
            {
                errors.Add($"{field}[{i}]", ApiErrorCodes.ResearchVariableUnknown.With(("variable", input[i] ?? string.Empty)));
            }
            else if (!names.Contains(variable.Name))
            {
                names.Add(variable.Name);
            }
        }

        return names;
    }

    private static (DateHandling Handling, int ShiftDays)? ReadDateHandling(string? text, int? shiftDays, ValidationErrors errors)
    {
        DateHandling? handling = text?.Trim().ToLowerInvariant() switch
        {
            "exact" => DateHandling.Exact,
            "shifted" => DateHandling.Shifted,
            "iso-week" or "isoweek" or "week" => DateHandling.IsoWeek,
            "month" => DateHandling.Month,
            _ => null,
        };
        if (handling is null)
        {
            errors.Add("dateHandling", string.IsNullOrWhiteSpace(text) ? ErrorCodes.Required : ApiErrorCodes.ResearchDateHandling);
            return null;
        }

        if (handling != DateHandling.Shifted)
        {
            return (handling.Value, 0);
        }

        if (shiftDays is not { } days || days is < 1 or > ResearchDates.MaxShiftDays)
        {
            errors.Add("shiftDays", ErrorCodes.Between.With(("min", 1), ("max", ResearchDates.MaxShiftDays)));
            return null;
        }

        return (handling.Value, days);
    }

    private static List<string> ReadMembers(IReadOnlyList<string?>? input, string owner, ValidationErrors errors)
    {
        var members = new List<string>();
        if ((input?.Count ?? 0) > MaxMembers)
        {
            errors.Add("members", ApiErrorCodes.ResearchMember.With(("max", MaxMembers)));
            return members;
        }

        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var member = input![i]?.Trim();
            if (string.IsNullOrEmpty(member) || member.Length > 200)
            {
                errors.Add($"members[{i}]", ApiErrorCodes.ResearchMember.With(("max", MaxMembers)));
            }
            else if (member != owner && !members.Contains(member))
            {
                members.Add(member);
            }
        }

        return members;
    }

    [GeneratedRegex(@"^\d{4}/\d{3,7}$")]
    private static partial Regex RekNumber();
}
