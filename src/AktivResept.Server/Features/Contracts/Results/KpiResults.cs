using AktivResept.Domain.Kpis;
using AktivResept.Domain.Statistics;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AktivResept.Server.Features.Contracts.Results;

/// <summary>
/// A contract's KPI results for the parties to it (<see cref="ContractAccess"/>: the payer's people and, for a
/// municipality, its coordinators; the provider's admins read-only; everyone else "not found"): the dashboard, one
/// figure's explanation with its revisions and the pseudonymised prescriptions behind it, and the dashboard as CSV.
/// A provider never sees a figure broken down by benefit kind: equity KPIs with a <c>benefit</c> parameter are left
/// out for it (the all-benefits figure stays). Every read is audited.
/// </summary>
public sealed class KpiResults(AktivDbContext db, ContractAccess access, Pseudonyms pseudonyms, AuditLog audit, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions RequirementsEntry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    public async Task<Outcome<KpiDashboard>> DashboardAsync(CurrentUser user, Guid contractId, string? period, CancellationToken ct)
    {
        KpiPeriodKind? kind = null;
        if (period is not null)
        {
            if (!Enum.TryParse<KpiPeriodKind>(period, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(period, out _))
            {
                return Failure.Invalid("period", ApiErrorCodes.ResultsPeriod);
            }

            kind = parsed;
        }

        var resource = $"Contract/{contractId}/results";
        var party = await access.PartyAsync(user, ct);
        // One round trip: the contract if the caller is a party to it, with each series' current revision (only the
        // columns the dashboard shows, never the prescription ids).
        var found = party.IsParty ? await ReadDashboardAsync(party, contractId, kind, ct) : null;
        if (found is null)
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var forProvider = user.Role == Roles.ProviderAdmin;
        var rows = found.Value.Rows;
        var requirements = await RequirementsAsync(contractId, rows, ct);

        var kpis = rows
            .Where(r => !(forProvider && IsByBenefit(r.KpiKey)))
            .GroupBy(r => (r.KpiKey, r.PeriodKind))
            .Select(series =>
            {
                var current = series.GroupBy(r => r.PeriodFrom).Select(g => g.MaxBy(r => r.Revision)!).OrderBy(r => r.PeriodFrom).ToList();
                var latest = current[^1];
                var (metric, category) = requirements.Kpis.GetValueOrDefault(latest.RequirementId, (MetricOf(series.Key.KpiKey), KpiCategory.Result));
                return new KpiSeries(series.Key.KpiKey, metric, UnitOf(metric), category, series.Key.PeriodKind, [.. current.Select(r => View(r, requirements))]);
            })
            .OrderBy(s => s.Category).ThenBy(s => s.Key, StringComparer.Ordinal).ThenBy(s => s.Period)
            .ToList();

        audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success);
        await audit.SaveAsync(ct);
        return new KpiDashboard(contractId, found.Value.Name, kind, kpis);
    }

    public async Task<Outcome<byte[]>> CsvAsync(CurrentUser user, Guid contractId, string? period, CancellationToken ct)
    {
        var dashboard = await DashboardAsync(user, contractId, period, ct);
        return dashboard.Succeeded ? KpiResultsCsv.ToBytes(dashboard.Value!) : new Failure(dashboard.Kind, dashboard.Errors, dashboard.Error, dashboard.Field);
    }

    public async Task<Outcome<KpiExplanation>> ExplainAsync(CurrentUser user, Guid contractId, Guid evaluationId, CancellationToken ct)
    {
        var resource = $"Contract/{contractId}/results/{evaluationId}";
        var contract = await ReadableAsync(user, contractId, ct);
        var evaluation = contract is null
            ? null
            : await db.KpiEvaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evaluationId && e.ContractId == contractId, ct);
        if (evaluation is null || (user.Role == Roles.ProviderAdmin && IsByBenefit(evaluation.KpiKey)))
        {
            await audit.DeniedAsync(user, resource, AuditAction.Read, ct);
            return Failure.NotFound();
        }

        var revisions = await db.KpiEvaluations.AsNoTracking()
            .Where(e => e.ContractId == contractId && e.KpiKey == evaluation.KpiKey && e.PeriodKind == evaluation.PeriodKind && e.PeriodFrom == evaluation.PeriodFrom)
            .OrderBy(e => e.Revision)
            .Select(e => new Row(e.Id, e.KpiKey, e.KpiRequirementId, e.PeriodKind, e.PeriodFrom, e.PeriodTo, e.Numerator, e.Denominator, e.Value, e.Threshold,
                e.Direction, e.Participants, e.MinimumParticipants, e.Verdict, e.IsFinal, e.Revision, e.VersionId, e.ComputedAt))
            .ToListAsync(ct);
        var requirements = await RequirementsAsync(contractId, revisions, ct);
        var row = revisions.Single(r => r.Id == evaluation.Id);
        var (metric, category) = requirements.Kpis.GetValueOrDefault(evaluation.KpiRequirementId, (MetricOf(evaluation.KpiKey), KpiCategory.Result));

        // The drill-down opens only into cohorts of at least SmallCells.Minimum; 0 shows as an empty list.
        var ids = evaluation.PrescriptionIds;
        var shown = SmallCells.CanShow(ids.Count);
        var pseudonymised = shown ? ids.Select(pseudonyms.Of).Order(StringComparer.Ordinal).ToList() : null;
        var suppressed = shown ? null : ApiErrorCodes.CohortSuppressed.With(("minimum", SmallCells.Minimum));
        var population = metric == KpiCatalogue.Get(KpiMetric.EquityReach).Code ? await PopulationSourceAsync(contract!, evaluation, ct) : null;

        // Listed (pseudonymised) prescriptions are read about their participants: one audit row per person, else one without.
        var subjects = shown && ids.Count > 0
            ? await db.Prescriptions.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.ParticipantId).Distinct().ToListAsync(ct)
            : [];
        if (subjects.Count == 0)
        {
            audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success);
        }

        foreach (var subject in subjects)
        {
            audit.Add(user, resource, AuditAction.Read, AuditOutcome.Success, subject);
        }

        await audit.SaveAsync(ct);
        return new KpiExplanation(contractId, evaluation.KpiKey, metric, UnitOf(metric), category, View(row, requirements),
            [.. revisions.Select(r => View(r, requirements))], pseudonymised, suppressed, population);
    }

    /// <summary>
    /// The dashboard's one query, compiled once: the contract (by the rule of <see cref="ContractAccess.Visible"/>, its
    /// payer's side or its provider) left-joined to each series' current revision. Flat rows rather than a nested
    /// collection, and compiled, because the dashboard is the page every party opens: the per-request translation of
    /// the nested form (parameter extraction, a delegate built per row group) was about a tenth of a read's CPU
    /// (docs/benchmarks.md, "KPI evaluation").
    /// </summary>
    private static readonly Func<AktivDbContext, Guid, Guid?, Guid?, bool, KpiPeriodKind, IAsyncEnumerable<DashboardRow>> DashboardRows =
        EF.CompileAsyncQuery((AktivDbContext db, Guid contractId, Guid? payerId, Guid? providerId, bool allKinds, KpiPeriodKind kind) =>
            from c in db.Contracts
            where c.Id == contractId && (c.PayerId == payerId || c.ProviderId == providerId)
            from e in db.KpiEvaluations
                .Where(e => e.ContractId == c.Id && (allKinds || e.PeriodKind == kind))
                .Where(e => !db.KpiEvaluations.Any(n => n.ContractId == e.ContractId && n.PeriodKind == e.PeriodKind && n.PeriodFrom == e.PeriodFrom
                    && n.KpiKey == e.KpiKey && n.Revision > e.Revision))
                .DefaultIfEmpty()
            select new DashboardRow(c.Name, e == null
                ? null
                : new Row(e.Id, e.KpiKey, e.KpiRequirementId, e.PeriodKind, e.PeriodFrom, e.PeriodTo, e.Numerator, e.Denominator, e.Value, e.Threshold,
                    e.Direction, e.Participants, e.MinimumParticipants, e.Verdict, e.IsFinal, e.Revision, e.VersionId, e.ComputedAt)));

    /// <summary>The contract's name and current figures, or null if it is unknown or the party is not a party to it.</summary>
    private async Task<(string Name, List<Row> Rows)?> ReadDashboardAsync(ContractParty party, Guid contractId, KpiPeriodKind? kind, CancellationToken ct)
    {
        string? name = null;
        var rows = new List<Row>();
        await foreach (var row in DashboardRows(db, contractId, party.PayerId, party.ProviderId, kind is null, kind ?? default).WithCancellation(ct))
        {
            name = row.ContractName;
            if (row.Figure is { } figure)
            {
                rows.Add(figure);
            }
        }

        return name is null ? null : (name, rows);
    }

    /// <summary>The contract if the caller is a party to it (<see cref="ContractAccess"/>).</summary>
    private async Task<Contract?> ReadableAsync(CurrentUser user, Guid contractId, CancellationToken ct)
    {
        var party = await access.PartyAsync(user, ct);
        return party.IsParty ? await access.Visible(party).AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, ct) : null;
    }

    /// <summary>Whether a KPI key is broken down by benefit kind (an equity KPI with a benefit parameter).</summary>
    public static bool IsByBenefit(string key) =>
        key.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 &&
        key[(q + 1)..].Split('&').Any(p => p.StartsWith("benefit=", StringComparison.Ordinal));

    private static string MetricOf(string key) => key.Split('?')[0];

    private static KpiUnit UnitOf(string metric) => KpiCatalogue.TryFind(metric, out var definition) ? definition.Unit : KpiUnit.Share;

    private async Task<string?> PopulationSourceAsync(Contract contract, KpiEvaluation evaluation, CancellationToken ct)
    {
        var kommune = await db.Payers.AsNoTracking().Where(p => p.Id == contract.PayerId).Select(p => p.Kommunenummer).FirstOrDefaultAsync(ct);
        var rows = await db.BenefitPopulations.AsNoTracking().Where(b => b.Kommunenummer == kommune).ToListAsync(ct);
        var period = new KpiPeriod(evaluation.PeriodKind, evaluation.PeriodFrom, evaluation.PeriodTo);
        var used = new Evaluation.ContractFacts([], [], rows).PopulationFor(period).ToList();
        return used.Count == 0
            ? null
            : string.Join("; ", used.GroupBy(u => (u.Source, u.Year)).OrderBy(g => g.Key.Year).Select(g => $"{g.Key.Source} ({g.Key.Year})"));
    }

    /// <summary>
    /// The version numbers and the KPI requirements' metric and category the figures name. A figure names only an
    /// activated version, and an activated version never changes (a change is a new version), so what was read of the
    /// contract's activated versions is kept in memory and read again only when a figure names a version or requirement
    /// it does not hold (a version activated since); a draft's, which may still change, is never kept.
    /// </summary>
    private async Task<Requirements> RequirementsAsync(Guid contractId, IReadOnlyList<Row> figures, CancellationToken ct)
    {
        var key = (nameof(KpiResults), contractId);
        if (cache.TryGetValue(key, out Requirements? kept) && figures.All(f => kept!.Versions.ContainsKey(f.VersionId) && kept.Kpis.ContainsKey(f.RequirementId)))
        {
            return kept!;
        }

        // Just the numbers and the KPI requirements' metric and category, not whole versions with their owned collections,
        // in one round trip (a version without KPIs still names its number).
        var rows = await db.ContractVersions.AsNoTracking().Where(v => v.ContractId == contractId)
            .SelectMany(v => v.Kpis.Select(k => new { k.Id, k.Metric, k.Category }).DefaultIfEmpty(), (v, k) => new { v.Id, v.Number, v.Status, Kpi = k })
            .ToListAsync(ct);
        Requirements Of(bool activatedOnly)
        {
            var of = activatedOnly ? rows.Where(r => r.Status != ContractVersionStatus.Draft) : rows;
            return new(
                of.DistinctBy(r => r.Id).ToDictionary(r => r.Id, r => r.Number),
                of.Where(r => r.Kpi != null).ToDictionary(r => r.Kpi!.Id, r => (r.Kpi!.Metric, r.Kpi.Category)));
        }

        cache.Set(key, Of(activatedOnly: true), RequirementsEntry);
        return Of(activatedOnly: false);
    }

    private static KpiFigureView View(Row r, Requirements requirements) =>
        new(r.Id, new KpiPeriod(r.PeriodKind, r.PeriodFrom, r.PeriodTo).Label, r.PeriodFrom, r.PeriodTo, r.Numerator, r.Denominator, r.Value, r.Threshold,
            r.Direction, r.Participants, r.MinimumParticipants, r.Verdict, r.IsFinal, r.Revision, r.VersionId, requirements.Versions.GetValueOrDefault(r.VersionId), r.ComputedAt);

    private sealed record DashboardRow(string ContractName, Row? Figure);

    private sealed record Requirements(Dictionary<Guid, int> Versions, Dictionary<Guid, (string Metric, KpiCategory Category)> Kpis);

    private sealed record Row(
        Guid Id, string KpiKey, Guid RequirementId, KpiPeriodKind PeriodKind, DateOnly PeriodFrom, DateOnly PeriodTo, decimal Numerator, decimal Denominator,
        decimal? Value, decimal Threshold, KpiDirection Direction, int Participants, int MinimumParticipants, KpiVerdict Verdict, bool IsFinal, int Revision,
        Guid VersionId, DateTimeOffset ComputedAt);
}
