using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes.Timetable;

/// <summary>
/// A new programme for a municipality. <see cref="Operator"/> says who runs it: the municipality (coordinator only),
/// a gym under one of the municipality's active contracts, or a gym on state funding where the municipality offers
/// none. A gym admin's own gym is the operator; a coordinator names the contracted gym in <see cref="ProviderId"/>.
/// </summary>
public sealed record CreateProgrammeRequest(string? Kommunenummer, string? Name, string? Description, ProgrammeOperator? Operator, Guid? ProviderId, ProgrammeFunding? Funding);

/// <summary>A term (season) with its first and last Oslo day and the days no series runs.</summary>
public sealed record TermRequest(string? Name, DateOnly? StartsOn, DateOnly? EndsOn, IReadOnlyList<DateOnly>? Holidays);

/// <summary>
/// A weekly class. Capacity is the smaller of <see cref="HeadCount"/> and the room's area ÷ the space per person
/// (the activity's default when not given). <see cref="StartTime"/> is Oslo wall-clock time, HH:mm.
/// </summary>
public sealed record SeriesRequest(
    ProgrammeActivity? Activity,
    string? Title,
    Guid? LocationId,
    string? Room,
    decimal? RoomSquareMetres,
    decimal? SquareMetresPerPerson,
    int? HeadCount,
    Guid? InstructorTrainerId,
    DayOfWeek? Weekday,
    string? StartTime,
    int? DurationMinutes,
    Intensity? Intensity,
    IReadOnlyList<AccessibilityFeature>? AccessibilityFeatures);

public sealed record CancelSessionRequest(string? Reason);

public sealed record ProgrammeSummary(Guid Id, string Kommunenummer, string Municipality, string Name, ProgrammeOperator Operator, string? Gym, int Terms, int Series, int UpcomingSessions);

public sealed record ProgrammeView(
    Guid Id, string Kommunenummer, string Municipality, string Name, string Description, ProgrammeOperator Operator, Guid? ProviderId, string? Gym,
    Guid? ContractId, Guid? PayerId, ProgrammeFunding Funding, IReadOnlyList<TermView> Terms, IReadOnlyList<SeriesView> Series, DateTimeOffset? EndedAt = null);

public sealed record TermView(Guid Id, string Name, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<DateOnly> Holidays);

public sealed record SeriesView(
    Guid Id, Guid TermId, ProgrammeActivity Activity, string Title, Guid LocationId, string Location, string Room, decimal? RoomSquareMetres,
    decimal? SquareMetresPerPerson, int? HeadCount, int Capacity, Guid? InstructorTrainerId, string? Instructor, DayOfWeek Weekday, string StartTime,
    int DurationMinutes, Intensity Intensity, IReadOnlyList<AccessibilityFeature> AccessibilityFeatures, int Sessions);

/// <summary>A dated session as staff see it: places, fill rate (taken ÷ capacity) and the waiting list's length.</summary>
public sealed record StaffSessionView(
    Guid Id, Guid SeriesId, string Title, ProgrammeActivity Activity, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Location, string Room,
    string? Instructor, int Capacity, int Booked, int Waiting, int FreePlaces, decimal FillRate, bool Cancelled, string? CancellationReason);

/// <summary>The cancelled session and how many booked or waiting people were told.</summary>
public sealed record CancelledSessionView(StaffSessionView Session, int Notified);

/// <summary>A municipality's public timetable: no names, no bookings, only places.</summary>
public sealed record PublicTimetableView(string Kommunenummer, string Municipality, DateOnly From, DateOnly To, DateTimeOffset GeneratedAt, IReadOnlyList<PublicSessionView> Sessions);

public sealed record PublicSessionView(
    Guid Id, Guid SeriesId, Guid ProgrammeId, string Programme, string Title, ProgrammeActivity Activity, Intensity Intensity, DateOnly Date, DayOfWeek Weekday,
    string StartTime, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Location, string Address, string Room,
    IReadOnlyList<AccessibilityFeature> AccessibilityFeatures, int Capacity, int FreePlaces, int Waiting, bool Cancelled, string? CancellationReason);

/// <summary>A municipality with (or without) a programme, for the public chooser.</summary>
public sealed record PublicMunicipalityView(string Kommunenummer, string Name, int Programmes);
