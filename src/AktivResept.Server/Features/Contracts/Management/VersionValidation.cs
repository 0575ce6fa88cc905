using System.Globalization;
using AktivResept.Domain.Contracts;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Kpis;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Providers;

namespace AktivResept.Server.Features.Contracts.Management;

/// <summary>What the provider has registered that a contract's requirements are checked against.</summary>
internal sealed record ProviderRegistration(IReadOnlyDictionary<Guid, Location> Locations, IReadOnlyList<Certification> TrainerCertifications);

/// <summary>
/// The checks on a version's content. <see cref="Read"/> turns a draft edit into requirements or field errors (shape,
/// ranges, the KPI catalogue); <see cref="Fits"/> checks requirements against the contract and the provider's
/// registration — on save only what cannot change (period, the provider's locations, KPI periods), on activation also
/// what the provider keeps up to date (opening hours, universal-design features, capacity, trainer competence).
/// </summary>
internal static class VersionValidation
{
    public const int MaxItems = 100;
    public const int MaxPlacesPerWeek = 100_000;

    public sealed record Content(
        List<CapacityRequirement> Capacity, List<AvailabilityRequirement> Availability, ContentRequirement Required, List<KpiRequirement> Kpis);

    public static Content? Read(EditVersionRequest request, ValidationErrors errors)
    {
        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", ErrorCodes.Required);
        }
        else if (request.ValidTo < request.ValidFrom)
        {
            errors.Add("validTo", ErrorCodes.NotBefore.With(("other", "validFrom")));
        }

        if (!IsShare(request.CoFinancingShare ?? 0m))
        {
            errors.Add("coFinancingShare", ApiErrorCodes.Fraction);
        }

        var capacity = ReadCapacity(request.Capacity ?? [], errors);
        var availability = ReadAvailability(request.Availability ?? [], errors);
        var kpis = ReadKpis(request.Kpis ?? [], errors);
        var activities = request.Content?.ActivityTypes ?? [];
        if (activities.Count != activities.Distinct().Count())
        {
            errors.Add("content.activityTypes", ApiErrorCodes.ContractDuplicate.With(("what", "activity type")));
        }

        var content = new ContentRequirement { ActivityTypes = [.. activities.Distinct()], TrainerCompetence = request.Content?.TrainerCompetence };
        return errors.Any ? null : new Content(capacity, availability, content, kpis);
    }

    public static bool IsShare(decimal share) => share is >= 0m and <= 1m && decimal.Round(share, 4) == share;

    public static void Fits(
        Contract contract, DateOnly validFrom, DateOnly? validTo, Content content, ProviderRegistration registration, bool registered, ValidationErrors errors)
    {
        if (validFrom < contract.ValidFrom)
        {
            errors.Add("validFrom", ErrorCodes.NotBefore.With(("other", "the contract's first day")));
        }
        else if (contract.ValidTo is { } end && validFrom > end)
        {
            errors.Add("validFrom", ApiErrorCodes.ContractAfterEnd.With(("to", end)));
        }

        if (contract.ValidTo is { } last && validTo > last)
        {
            errors.Add("validTo", ApiErrorCodes.ContractAfterEnd.With(("to", last)));
        }

        for (var i = 0; i < content.Kpis.Count; i++)
        {
            var kpi = content.Kpis[i];
            if (!ContractRules.PeriodFits(kpi.Period, contract.ValidFrom, contract.ValidTo))
            {
                errors.Add($"kpis[{i}].period", ApiErrorCodes.ContractKpiPeriodDoesNotFit.With(
                    ("period", kpi.Period), ("from", contract.ValidFrom), ("to", contract.ValidTo!.Value)));
            }

            if (registered)
            {
                foreach (var error in KpiSpec.Validate(kpi.Metric, kpi.Parameters, kpi.Threshold, kpi.Direction, kpi.Period, kpi.MinimumParticipants))
                {
                    errors.Add($"kpis[{i}].{error.Field}", error.Error);
                }
            }
        }

        var places = new Dictionary<Guid, int>();
        for (var i = 0; i < content.Capacity.Count; i++)
        {
            var item = content.Capacity[i];
            if (!registration.Locations.ContainsKey(item.LocationId))
            {
                errors.Add($"capacity[{i}].locationId", ApiErrorCodes.ContractLocationUnknown);
                continue;
            }

            places[item.LocationId] = places.GetValueOrDefault(item.LocationId) + item.PlacesPerWeek;
            var location = registration.Locations[item.LocationId];
            var max = ContractRules.MaxPlacesPerWeek(location.Capacity);
            if (registered && places[item.LocationId] > max)
            {
                errors.Add($"capacity[{i}].placesPerWeek", ApiErrorCodes.ContractCapacityOverLocation.With(
                    ("places", places[item.LocationId]), ("location", location.Name), ("max", max)));
            }
        }

        for (var i = 0; i < content.Availability.Count; i++)
        {
            var item = content.Availability[i];
            if (!registration.Locations.TryGetValue(item.LocationId, out var location))
            {
                errors.Add($"availability[{i}].locationId", ApiErrorCodes.ContractLocationUnknown);
            }
            else if (registered)
            {
                CheckAvailability(item, location, $"availability[{i}]", errors);
            }
        }

        if (registered && content.Required.TrainerCompetence is { } competence
            && !registration.TrainerCertifications.Any(c => c.Kind == competence && c.IsValidOn(validFrom)))
        {
            errors.Add("content.trainerCompetence", ApiErrorCodes.ContractCompetenceMissing.With(("competence", competence)));
        }
    }

    private static void CheckAvailability(AvailabilityRequirement item, Location location, string field, ValidationErrors errors)
    {
        if (!OpeningHours.TryParse(location.OpeningHours, out var hours))
        {
            errors.Add($"{field}.locationId", ApiErrorCodes.ContractOpeningHoursUnreadable.With(("location", location.Name), ("text", location.OpeningHours)));
        }
        else
        {
            foreach (var day in item.IsoDays.Order().Where(day => !hours.Covers(day, item.Opens, item.Closes)))
            {
                errors.Add($"{field}.isoDays", ApiErrorCodes.ContractLocationClosed.With(
                    ("location", location.Name), ("day", day), ("opens", Clock(item.Opens)), ("closes", Clock(item.Closes))));
            }
        }

        foreach (var feature in item.Features.Where(f => !location.AccessibilityFeatures.Contains(f)))
        {
            errors.Add($"{field}.features", ApiErrorCodes.ContractFeatureMissing.With(("location", location.Name), ("feature", feature)));
        }
    }

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static List<CapacityRequirement> ReadCapacity(IReadOnlyList<CapacityInput> items, ValidationErrors errors)
    {
        if (items.Count > MaxItems)
        {
            errors.Add("capacity", ErrorCodes.Between.With(("min", 0), ("max", MaxItems)));
            return [];
        }

        var read = new List<CapacityRequirement>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = $"capacity[{i}]";
            Require(item.LocationId, $"{field}.locationId", errors);
            Require(item.ActivityType, $"{field}.activityType", errors);
            if (item.PlacesPerWeek is not { } places)
            {
                errors.Add($"{field}.placesPerWeek", ErrorCodes.Required);
            }
            else if (places is < 1 or > MaxPlacesPerWeek)
            {
                errors.Add($"{field}.placesPerWeek", ErrorCodes.Between.With(("min", 1), ("max", MaxPlacesPerWeek)));
            }

            if (item is { LocationId: { } location, ActivityType: { } activity, PlacesPerWeek: { } count })
            {
                if (read.Any(r => r.LocationId == location && r.ActivityType == activity))
                {
                    errors.Add(field, ApiErrorCodes.ContractDuplicate.With(("what", "location and activity")));
                }

                read.Add(new CapacityRequirement { LocationId = location, ActivityType = activity, PlacesPerWeek = count });
            }
        }

        return read;
    }

    private static List<AvailabilityRequirement> ReadAvailability(IReadOnlyList<AvailabilityInput> items, ValidationErrors errors)
    {
        if (items.Count > MaxItems)
        {
            errors.Add("availability", ErrorCodes.Between.With(("min", 0), ("max", MaxItems)));
            return [];
        }

        var read = new List<AvailabilityRequirement>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = $"availability[{i}]";
            Require(item.LocationId, $"{field}.locationId", errors);
            var days = item.IsoDays ?? [];
            if (days.Count == 0)
            {
                errors.Add($"{field}.isoDays", ErrorCodes.Required);
            }
            else if (days.Any(d => d is < 1 or > 7))
            {
                errors.Add($"{field}.isoDays", ErrorCodes.Between.With(("min", 1), ("max", 7)));
            }

            Require(item.Opens, $"{field}.opens", errors);
            Require(item.Closes, $"{field}.closes", errors);
            if (item.Closes <= item.Opens)
            {
                errors.Add($"{field}.closes", ApiErrorCodes.ContractClosesBeforeOpens);
            }

            if (item is { LocationId: { } location, Opens: { } opens, Closes: { } closes })
            {
                read.Add(new AvailabilityRequirement
                {
                    LocationId = location,
                    IsoDays = [.. days.Distinct().Order()],
                    Opens = opens,
                    Closes = closes,
                    Features = [.. (item.Features ?? []).Distinct().Order()],
                });
            }
        }

        return read;
    }

    private static List<KpiRequirement> ReadKpis(IReadOnlyList<KpiInput> items, ValidationErrors errors)
    {
        if (items.Count > MaxItems)
        {
            errors.Add("kpis", ErrorCodes.Between.With(("min", 0), ("max", MaxItems)));
            return [];
        }

        var read = new List<KpiRequirement>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = $"kpis[{i}]";
            if (!KpiSpec.TryCreate(item.Metric, item.Parameters, item.Threshold, item.Direction, item.Period, item.MinimumParticipants, out var spec, out var found))
            {
                foreach (var error in found)
                {
                    errors.Add($"{field}.{error.Field}", error.Error);
                }

                continue;
            }

            if (item.Category is { } category && !Enum.IsDefined(category))
            {
                errors.Add($"{field}.category", ErrorCodes.OneOf.With(("allowed", string.Join(", ", Enum.GetNames<KpiCategory>()))));
            }

            if (!keys.Add($"{spec.Key}|{spec.Period}"))
            {
                errors.Add($"{field}.metric", ApiErrorCodes.ContractDuplicate.With(("what", spec.Key)));
            }

            read.Add(new KpiRequirement
            {
                Metric = spec.Definition.Code,
                Parameters = new Dictionary<string, string>(spec.Parameters, StringComparer.Ordinal),
                Threshold = spec.Threshold,
                Direction = spec.Direction,
                Period = spec.Period,
                MinimumParticipants = spec.MinimumParticipants,
                Category = item.Category ?? spec.Definition.DefaultCategory,
            });
        }

        return read;
    }

    private static void Require<T>(T? value, string field, ValidationErrors errors)
        where T : struct
    {
        if (value is null)
        {
            errors.Add(field, ErrorCodes.Required);
        }
    }
}
