using AktivResept.Domain.Claims;
using AktivResept.Domain.Errors;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Data;
using AktivResept.Server.Features.Claims;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.Claims.Read;

/// <summary>Filters for the claim list and the payer's review queue.</summary>
public sealed record ClaimFilter(string? Month, ClaimStatus? Status, Guid? ProviderId, ClaimSignal? Signal, int Page = 1, int PageSize = 50);

/// <summary>Reads claims and their lines for whoever may see them; every read of lines (personal data) is audited.</summary>
public sealed class ClaimQueries(AktivDbContext db, ClaimAccess access, AuditLog audit)
{
    /// <summary>A claim can have thousands of lines; a page of them may be larger than other lists' pages.</summary>
    public const int MaxLinesPerPage = 500;

    public async Task<Outcome<IReadOnlyList<ClaimView>>> ListAsync(CurrentUser user, ClaimFilter filter, CancellationToken ct)
    {
        var claims = await access.VisibleToAsync(user, ct);
        if (filter.Month is { } text)
        {
            if (ClaimMonth.Check(text, out var month) is { } monthError)
            {
                return Failure.Invalid("month", monthError);
            }

            claims = claims.Where(c => c.Month == month);
        }

        if (filter.Status is { } status)
        {
            claims = claims.Where(c => c.Status == status);
        }

        if (filter.ProviderId is { } provider)
        {
            claims = claims.Where(c => c.ProviderId == provider);
        }

        if (filter.Signal is { } signal)
        {
            claims = claims.Where(c => db.ClaimLines.Any(l => l.ClaimId == c.Id && l.Signals.Contains(signal)));
        }

        var paging = new PageRequest(filter.Page, filter.PageSize).Clamped();
        var views = await Project(claims.OrderByDescending(c => c.Month).ThenBy(c => c.Id)
            .Skip(paging.Skip).Take(paging.PageSize)).ToListAsync(ct);
        audit.Add(user, "Claim", AuditAction.Search, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return views;
    }

    public async Task<Outcome<ClaimDetailView>> GetAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var view = await Project((await access.VisibleToAsync(user, ct)).Where(c => c.Id == id)).FirstOrDefaultAsync(ct);
        if (view is null)
        {
            await audit.DeniedAsync(user, $"Claim/{id}", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var history = await db.ClaimEvents.AsNoTracking().Where(e => e.ClaimId == id).OrderBy(e => e.Id)
            .Select(e => new ClaimEventView(e.From, e.To, e.Actor, e.Role, e.At, e.Note)).ToListAsync(ct);
        audit.Add(user, $"Claim/{id}", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return new ClaimDetailView(view, history);
    }

    public async Task<Outcome<Page<ClaimLineView>>> LinesAsync(CurrentUser user, Guid id, ClaimLineStatus? status, ClaimSignal? signal, PageRequest paging, CancellationToken ct)
    {
        if (!await (await access.VisibleToAsync(user, ct)).AnyAsync(c => c.Id == id, ct))
        {
            await audit.DeniedAsync(user, $"Claim/{id}/lines", AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var lines = db.ClaimLines.AsNoTracking().Where(l => l.ClaimId == id);
        if (status is { } s)
        {
            lines = lines.Where(l => l.Status == s);
        }

        if (signal is { } flag)
        {
            lines = lines.Where(l => l.Signals.Contains(flag));
        }

        paging = paging.Clamped(MaxLinesPerPage);
        var total = await lines.CountAsync(ct);
        var views = await (
                from l in lines
                from p in db.People.Where(p => p.Id == l.ParticipantId).DefaultIfEmpty()
                from session in db.ProgrammeSessions.Where(x => x.Id == l.ProgrammeSessionId).DefaultIfEmpty()
                from series in db.ProgrammeSeries.Where(x => session != null && x.Id == session.SeriesId).DefaultIfEmpty()
                from programme in db.Programmes.Where(x => session != null && x.Id == session.ProgrammeId).DefaultIfEmpty()
                orderby l.ServiceDate, l.OccurredAt, l.Id
                select new ClaimLineView(l.Id, l.Kind, l.SessionId, l.CreditOfLineId, l.PrescriptionId, l.ParticipantId, p != null ? p.GivenName + " " + p.FamilyName : null,
                    l.TrainerId, l.ServiceDate, l.Service, l.TariffId, l.Tariff, l.PublicShare, l.Copay, l.CoFinancing, l.Status, l.Refusals, l.Signals,
                    l.PayerReason, l.PayerNote, l.DecidedAt, l.ProgrammeSessionId,
                    programme != null && series != null ? programme.Name + " · " + series.Title : null))
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        audit.Add(user, $"Claim/{id}/lines", AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return paging.Of(views, total);
    }

    private IQueryable<ClaimView> Project(IQueryable<Claim> claims) =>
        from c in claims
        join provider in db.Providers on c.ProviderId equals provider.Id
        join payer in db.Payers on c.PayerId equals payer.Id
        select new ClaimView(c.Id, c.ProviderId, provider.Name, c.PayerId, payer.Name, ClaimMonth.Format(c.Month), c.Sequence, c.Sequence > 0, c.Status,
            c.TotalTariff, c.TotalPublicShare, c.TotalCopay, c.TotalCoFinancing, c.ApprovedPublicShare, c.PricedLines, c.RefusedLines,
            c.CreatedAt, c.SubmittedAt, c.DecidedAt, c.PaidAt, c.PaymentBatchId, c.Version);
}
