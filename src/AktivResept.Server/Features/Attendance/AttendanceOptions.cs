using AktivResept.Domain.Adherence;
using AktivResept.Domain.Prescriptions;

namespace AktivResept.Server.Features.Attendance;

/// <summary>Configuration section <c>Attendance</c>.</summary>
public sealed class AttendanceOptions
{
    public const string Section = "Attendance";

    /// <summary>Events may arrive this many days after they happened; older ones are refused per event.</summary>
    public int LateEventDays { get; set; } = 30;

    /// <summary>How long a <c>webhook-id</c> is remembered; senders retry for days, so this is longer.</summary>
    public int WebhookIdRetentionDays { get; set; } = 14;

    public int MaxEventsPerRequest { get; set; } = 1000;

    public int DropoutRiskAfterDays { get; set; } = AdherencePolicy.Default.DropoutRiskAfterDays;

    public int DropOutAfterDays { get; set; } = AdherencePolicy.Default.DropOutAfterDays;

    /// <summary>
    /// Per programme overrides, keyed by the prescription's funding programme (<see cref="FundingSource"/> name, e.g.
    /// <c>Attendance:Programmes:Municipality:DropOutAfterDays</c>).
    /// </summary>
    public Dictionary<string, ProgrammePolicy> Programmes { get; set; } = [];

    public int AdherenceJobIntervalSeconds { get; set; } = 60;

    public bool RunAdherenceJob { get; set; } = true;

    public AdherencePolicy PolicyFor(FundingSource programme)
    {
        var risk = DropoutRiskAfterDays;
        var drop = DropOutAfterDays;
        if (Programmes.TryGetValue(programme.ToString(), out var own))
        {
            risk = own.DropoutRiskAfterDays ?? risk;
            drop = own.DropOutAfterDays ?? drop;
        }

        return new AdherencePolicy(risk, drop);
    }
}

public sealed class ProgrammePolicy
{
    public int? DropoutRiskAfterDays { get; set; }

    public int? DropOutAfterDays { get; set; }
}
