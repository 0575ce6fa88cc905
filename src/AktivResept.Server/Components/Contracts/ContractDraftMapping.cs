using System.Globalization;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Matching;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Components.Localization;
using AktivResept.Server.Components.Shared;
using AktivResept.Server.Features.Contracts.Management;
using Microsoft.Extensions.Localization;

namespace AktivResept.Server.Components.Contracts;

/// <summary>Between the draft form as typed and the contracts handler's version: fill the form, read it into a request.</summary>
public static class ContractDraftMapping
{
    public static ContractDraftForm From(VersionView version)
    {
        var form = new ContractDraftForm();
        form.Values[ContractDraftForm.ValidFrom] = Iso(version.ValidFrom);
        form.Values[ContractDraftForm.ValidTo] = version.ValidTo is { } to ? Iso(to) : null;
        form.Values[ContractDraftForm.CoFinancingShare] = version.CoFinancingShare.ToString("0.####", CultureInfo.CurrentCulture);
        form.Values[ContractDraftForm.ContentCompetence] = version.Content.TrainerCompetence?.ToString();
        form.Activities = [.. version.Content.ActivityTypes.Select(a => a.ToString())];
        form.Capacity.AddRange(version.Capacity.Select(c => new CapacityRow(c.LocationId.ToString(), c.ActivityType.ToString(), Number(c.PlacesPerWeek))));
        form.Availability.AddRange(version.Availability.Select(a => new AvailabilityRow(
            a.LocationId.ToString(), [.. a.IsoDays.Select(Number)], ContractText.Time(a.Opens), ContractText.Time(a.Closes), [.. a.Features.Select(f => f.ToString())])));
        form.Kpis.AddRange(version.Kpis.Select(k => new KpiRow(
            k.Metric, k.Parameters.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal), k.Threshold.ToString("0.####", CultureInfo.CurrentCulture),
            k.Direction.ToString(), k.Period.ToString(), Number(k.MinimumParticipants), k.Category.ToString())));
        return form;
    }

    /// <summary>
    /// The request the handler checks. What cannot even be read (a threshold that is not a number, a time that is not
    /// hh:mm) is reported in <paramref name="unreadable"/> by field; the rules themselves are the handler's.
    /// </summary>
    public static EditVersionRequest Read(ContractDraftForm form, FormErrors unreadable, IStringLocalizer<UiText> t)
    {
        decimal? Decimal(string field, string? text)
        {
            var value = ContractDraftForm.Decimal(text, out var invalid);
            if (invalid)
            {
                unreadable.Add(field, t["Val.Decimal"]);
            }

            return value;
        }

        int? Int(string field, string? text)
        {
            var value = ContractDraftForm.Int(text, out var invalid);
            if (invalid)
            {
                unreadable.Add(field, t["Val.WholeNumber"]);
            }

            return value;
        }

        TimeOnly? Time(string field, string? text)
        {
            var value = ContractDraftForm.Time(text, out var invalid);
            if (invalid)
            {
                unreadable.Add(field, t["Val.Time"]);
            }

            return value;
        }

        DateOnly? Date(string field)
        {
            var text = form[field];
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ||
                DateOnly.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out value))
            {
                return value;
            }

            unreadable.Add(field, t["Val.Date"]);
            return null;
        }

        var capacity = form.Capacity.Select((c, i) => new CapacityInput(
            GuidOf(c.LocationId), EnumOf<ActivityType>(c.ActivityType), Int(ContractDraftForm.CapacityField(i, "placesPerWeek"), c.PlacesPerWeek))).ToList();
        var availability = form.Availability.Select((a, i) => new AvailabilityInput(
            GuidOf(a.LocationId),
            [.. a.IsoDays.Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var day) ? day : 0).Where(d => d > 0)],
            Time(ContractDraftForm.AvailabilityField(i, "opens"), a.Opens),
            Time(ContractDraftForm.AvailabilityField(i, "closes"), a.Closes),
            [.. a.Features.Select(EnumOf<AccessibilityFeature>).OfType<AccessibilityFeature>()])).ToList();
        var kpis = form.Kpis.Select((k, i) => new KpiInput(
            k.Metric,
            k.Parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => NormaliseParameter(k.Metric, p.Key, p.Value!), StringComparer.Ordinal),
            Decimal(ContractDraftForm.KpiField(i, "threshold"), k.Threshold),
            EnumOf<KpiDirection>(k.Direction),
            EnumOf<KpiPeriodKind>(k.Period),
            Int(ContractDraftForm.KpiField(i, "minimumParticipants"), k.MinimumParticipants),
            EnumOf<KpiCategory>(k.Category))).ToList();

        return new EditVersionRequest(
            Date(ContractDraftForm.ValidFrom),
            Date(ContractDraftForm.ValidTo),
            Decimal(ContractDraftForm.CoFinancingShare, form[ContractDraftForm.CoFinancingShare]),
            capacity,
            availability,
            new ContentInput([.. form.Activities.Select(EnumOf<ActivityType>).OfType<ActivityType>()], EnumOf<CertificationKind>(form[ContractDraftForm.ContentCompetence])),
            kpis);
    }

    /// <summary>A share typed with a decimal comma goes to the handler with a point, as the catalogue reads it.</summary>
    private static string NormaliseParameter(string? metric, string name, string value) =>
        metric is not null && KpiCatalogue.TryFind(metric, out var definition) && definition.Parameter(name)?.Type == KpiParameterType.Share
            ? value.Replace(',', '.')
            : value;

    private static Guid? GuidOf(string? text) => Guid.TryParse(text, out var id) ? id : null;

    private static TEnum? EnumOf<TEnum>(string? text)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : null;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
