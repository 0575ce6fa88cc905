using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Time;
using AktivResept.Server.Data;
using AktivResept.Server.Features.HealthAccounts;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Research;

/// <summary>
/// A project's pseudonymised export (issue 17): only persons whose research consent for the project is in force at the
/// export's instant, each referral's values as the health account computes them, pseudonyms and date shifts under the
/// project's key. Refused, and audited, for a variable the project is not approved for (403), outside the project's
/// period or without a readable key (409). One audit row per export (purpose <c>research:{id}</c>) names the export
/// record, which holds who, when, the variables and how many persons.
/// </summary>
public sealed class ResearchExporter(AktivDbContext db, ResearchProjects projects, ResearchKeys keys, AccountCohortLoader loader, AuditLog audit, TimeProvider clock)
{
    /// <summary>Referrals from this day on are in an export (the programme's data start); the end is the export day.</summary>
    public static readonly DateOnly DataFrom = new(2000, 1, 1);

    public async Task<Outcome<ExportFile>> ExportAsync(CurrentUser user, Guid projectId, ExportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await projects.FindAsync(user, projectId, AuditAction.Read, ct) is not { } project)
        {
            return await ResearchProjects.RefusalAsync(user);
        }

        var errors = new ValidationErrors();
        var variables = ResearchProjects.ReadVariables(request.Variables, errors);
        var format = request.Format?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(format))
        {
            errors.Add("format", Domain.Errors.ErrorCodes.Required);
        }
        else if (!ResearchFiles.Formats.Contains(format))
        {
            errors.Add("format", ApiErrorCodes.ResearchFormat);
        }

        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var resource = $"ResearchProject/{project.Id}/exports";
        var notApproved = variables.FindIndex(v => !project.Variables.Contains(v));
        if (notApproved >= 0)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            var index = request.Variables!.ToList().FindIndex(v => v?.Trim() == variables[notApproved]);
            return Failure.Of(ApiErrorCodes.ResearchVariableNotApproved.With(("variable", variables[notApproved])), $"variables[{index}]");
        }

        var now = clock.GetUtcNow();
        var today = Oslo.Today(now);
        if (!project.Covers(today))
        {
            await audit.RefusedAsync(user, resource, AuditAction.Read, null, ct);
            return Failure.Of(ApiErrorCodes.ResearchOutsidePeriod.With(("from", project.PeriodFrom), ("to", project.PeriodTo)));
        }

        if (keys.Read(project.EncryptedKey) is not { } key)
        {
            await audit.RefusedAsync(user, resource, AuditAction.Read, null, ct);
            return Failure.Of(ApiErrorCodes.ResearchKeyMissing);
        }

        var consents = await ResearchConsents.InForceAsync(db, project.Id, now, ct);
        var participants = consents.Count == 0 ? [] : await loader.LoadPersonsAsync([.. consents.Keys], DataFrom, today, now, ct);
        var table = ResearchTable.Build(variables, new ResearchDates(project.DateHandling, project.ShiftDays, key), key, participants, consents);
        var export = new ResearchExport
        {
            ProjectId = project.Id,
            At = now,
            By = user.Subject,
            ByName = user.Name,
            Format = format!,
            Variables = variables,
            Persons = table.Persons,
            Rows = table.Rows,
        };
        var content = await ResearchFiles.ZipAsync(table, format!, ResearchDictionary.Of(project, export.Id, now, format!, table), ct);
        db.ResearchExports.Add(export);
        audit.Add(user, $"ResearchExport/{export.Id}", AuditAction.Read, AuditOutcome.Success, null, Consents.ConsentPurpose.Research(project.Id));
        await db.SaveChangesAsync(ct);
        return new ExportFile(content, $"forskning-{project.ApprovalReference.Replace('/', '-')}-{today:yyyy-MM-dd}-{format}.zip", export.Id, table.Persons, table.Rows);
    }
}
