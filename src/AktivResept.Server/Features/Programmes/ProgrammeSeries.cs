using AktivResept.Domain.Matching;
using AktivResept.Domain.Programmes;

namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// A weekly class in a term: activity, place, instructor, weekday and Oslo wall-clock time, and how many it takes.
/// Its dated sessions (<see cref="ProgrammeSession"/>) are made from it for the term and carry their own copy of
/// place, instructor and capacity, so a change from a date on, or one cancelled date, does not rewrite history.
/// </summary>
public sealed class ProgrammeSeries : Data.IHasLastUpdated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProgrammeId { get; set; }

    public Guid TermId { get; set; }

    public ProgrammeActivity Activity { get; set; }

    /// <summary>A short title shown in the timetable, e.g. «Styrke for nybegynnere».</summary>
    public string Title { get; set; } = string.Empty;

    public Guid LocationId { get; set; }

    /// <summary>The room or area at the location, e.g. «Sal 2»; double-booking is judged per location and room.</summary>
    public string Room { get; set; } = string.Empty;

    /// <summary>The room's floor area, when capacity is (also) judged by area.</summary>
    public decimal? RoomSquareMetres { get; set; }

    /// <summary>Space per person for this activity; null uses <see cref="SessionCapacity.DefaultSquareMetresPerPerson"/>.</summary>
    public decimal? SquareMetresPerPerson { get; set; }

    /// <summary>The head-count limit, when there is one.</summary>
    public int? HeadCount { get; set; }

    /// <summary>The certified trainer who leads it.</summary>
    public Guid? InstructorTrainerId { get; set; }

    public DayOfWeek Weekday { get; set; }

    /// <summary>Oslo wall-clock start.</summary>
    public TimeOnly StartTime { get; set; }

    public int DurationMinutes { get; set; }

    public Intensity Intensity { get; set; }

    public List<AccessibilityFeature> AccessibilityFeatures { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>The places each session of the series has (the smaller of head count and area), or null if neither is set.</summary>
    public int? Capacity => SessionCapacity.Of(HeadCount, RoomSquareMetres, SquareMetresPerPerson ?? SessionCapacity.DefaultSquareMetresPerPerson(Activity));

    /// <summary>When this row was last saved (set in SaveChanges, see LastUpdatedStamping).</summary>
    public DateTimeOffset LastUpdated { get; set; }
}
