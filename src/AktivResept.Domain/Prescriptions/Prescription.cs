using AktivResept.Domain.Calendar;
using AktivResept.Domain.Eligibility;
using AktivResept.Domain.Errors;
using AktivResept.Domain.Trainers;

namespace AktivResept.Domain.Prescriptions;

/// <summary>
/// Exercise on prescription: what the referrer asks for, for whom, and where it stands in its lifecycle.
/// Status only changes through <see cref="TransitionTo"/>, which records who, when and why.
/// </summary>
public sealed class Prescription
{
    private readonly List<StatusChange> _history = [];
    private readonly List<PrescriptionPause> _pauses = [];

    private Prescription()
    {
        ReasonText = string.Empty;
        Goals = string.Empty;
        ActivityTypes = [];
    }

    public Prescription(Guid participantId, Guid referrerId, PrescriptionDetails details, Actor createdBy, DateTimeOffset now)
        : this()
    {
        Id = Guid.CreateVersion7();
        ParticipantId = participantId;
        ReferrerId = referrerId;
        CreatedAt = now;
        Apply(details);
        Status = PrescriptionStatus.Draft;
        _history.Add(new StatusChange(Id, null, PrescriptionStatus.Draft, createdBy.Id, createdBy.Role, now, null));
    }

    public Guid Id { get; private set; }

    public Guid ParticipantId { get; private set; }

    public Guid ReferrerId { get; private set; }

    public PrescriptionStatus Status { get; private set; }

    /// <summary>ICPC-2 code of the reason, where known.</summary>
    public string? ReasonCode { get; private set; }

    public string ReasonText { get; private set; }

    public string Goals { get; private set; }

    public List<ActivityType> ActivityTypes { get; private set; }

    public int SessionsPerWeek { get; private set; }

    public int MinutesPerSession { get; private set; }

    /// <summary>
    /// The referral left the dose (sessions per week, minutes per session) to the initial assessment; both read 0 until
    /// the trainer sets it with <see cref="SetDose"/>, and no session can be registered before that.
    /// </summary>
    public bool DoseToBeSet { get; private set; }

    public DateOnly StartDate { get; private set; }

    public int DurationWeeks { get; private set; }

    /// <summary>The last day of the period: the prescribed weeks plus the paused days (<see cref="PrescriptionPeriod"/>).</summary>
    public DateOnly EndDate => PrescriptionPeriod.EndOf(StartDate, DurationWeeks, PausedDays);

    /// <summary>All paused days so far and planned, kept in step with <see cref="Pauses"/> so queries can project the end.</summary>
    public int PausedDays { get; private set; }

    /// <summary>How many weeks of pauses in all the referrer allows (0 = no pausing).</summary>
    public int MaxPauseWeeksTotal { get; private set; } = PauseRules.DefaultMaxWeeksTotal;

    public IReadOnlyList<PrescriptionPause> Pauses => _pauses;

    /// <summary>The pauses that still hold days, for the adherence rules.</summary>
    public IReadOnlyList<PausedSpan> PausedSpans => [.. _pauses.Where(p => p.Days > 0).Select(p => p.Span)];

    public int PauseDaysLeft => PauseRules.DaysLeft(MaxPauseWeeksTotal, PausedSpans);

    public string? Precautions { get; private set; }

    public CertificationKind? RequiredCompetence { get; private set; }

    /// <summary>How often the referrer wants an adherence confirmation, in weeks.</summary>
    public int ConfirmationIntervalWeeks { get; private set; }

    public FundingSource Funding { get; private set; }

    /// <summary>The employer's organisation number when an employer pays; claims for the prescription go to it.</summary>
    public string? FundingOrganisation { get; private set; }

    public Guid? ProviderId { get; private set; }

    public Guid? LocationId { get; private set; }

    public Guid? TrainerId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The benefit that made a state-reimbursed prescription eligible when it was issued.</summary>
    public BenefitKind? EligibilityBenefit { get; private set; }

    /// <summary>Last day the benefit cover is known to last; null when open-ended or not state-reimbursed.</summary>
    public DateOnly? EligibleUntil { get; private set; }

    public DateTimeOffset? IssuedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The rejected prescription this one sends again to another provider; its history stays on it.</summary>
    public Guid? ReplacesId { get; private set; }

    /// <summary>Optimistic concurrency token: bumped on every change so two writers cannot both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<StatusChange> History => _history;

    public bool IsStateReimbursed => Funding == FundingSource.StateReimbursed;

    /// <summary>
    /// Moves along the lifecycle graph. Issuing and accepting carry their own rules, so they go through
    /// <see cref="Issue"/> and <see cref="Accept"/>.
    /// </summary>
    public TransitionOutcome TransitionTo(PrescriptionStatus target, Actor actor, DateTimeOffset now, string? reason) =>
        target is PrescriptionStatus.Issued or PrescriptionStatus.Accepted
            ? TransitionOutcome.Refused(ErrorCodes.TransitionHasOwnStep.With(("step", target == PrescriptionStatus.Issued ? nameof(Issue) : nameof(Accept)), ("to", target)))
            : target == PrescriptionStatus.Active && DoseToBeSet && Lifecycle.CanMove(Status, target)
                // Training starts from the dose: the initial assessment sets it first.
                ? TransitionOutcome.Refused(ErrorCodes.DoseNotSet)
                : Move(target, actor, now, reason);

    private TransitionOutcome Move(PrescriptionStatus target, Actor actor, DateTimeOffset now, string? reason)
    {
        if (!Lifecycle.CanMove(Status, target))
        {
            return TransitionOutcome.Refused(ErrorCodes.TransitionNotAllowed.With(("from", Status), ("to", target)));
        }

        if (target is PrescriptionStatus.Rejected or PrescriptionStatus.Cancelled && string.IsNullOrWhiteSpace(reason))
        {
            return TransitionOutcome.Refused(ErrorCodes.ReasonRequired.With(("to", target)), "reason");
        }

        // Training runs inside the period: "in progress" before its first day would contradict the page and the claims.
        if (target == PrescriptionStatus.Active && OsloCalendar.DateOf(now) < StartDate)
        {
            return TransitionOutcome.Refused(ErrorCodes.PeriodNotStarted.With(("start", StartDate)));
        }

        if (target == PrescriptionStatus.Issued)
        {
            IssuedAt = now;
        }

        _history.Add(new StatusChange(Id, Status, target, actor.Id, actor.Role, now, reason));
        Status = target;
        Version++;
        return TransitionOutcome.Ok;
    }

    /// <summary>Issues a draft. A state-reimbursed prescription needs an eligible benefit at its start.</summary>
    public TransitionOutcome Issue(Actor actor, DateTimeOffset now, EligibilityResult? eligibility)
    {
        if (Status != PrescriptionStatus.Draft)
        {
            return TransitionOutcome.Refused(ErrorCodes.TransitionNotAllowed.With(("from", Status), ("to", PrescriptionStatus.Issued)));
        }

        if (IsStateReimbursed && eligibility is not { IsEligible: true })
        {
            return TransitionOutcome.Refused(eligibility?.Reason ?? ErrorCodes.BenefitRequired, "funding");
        }

        var outcome = Move(PrescriptionStatus.Issued, actor, now, null);
        if (outcome.Succeeded && IsStateReimbursed)
        {
            EligibilityBenefit = eligibility!.Benefit;
            EligibleUntil = eligibility.CoveredUntil;
        }

        return outcome;
    }

    /// <summary>Sends an issued, unanswered prescription to a provider's location (or re-routes it).</summary>
    public TransitionOutcome SendTo(Guid providerId, Guid locationId, DateTimeOffset now)
    {
        if (Status != PrescriptionStatus.Issued)
        {
            return TransitionOutcome.Refused(ErrorCodes.OnlyIssuedCanBeSent.With(("status", Status)));
        }

        ProviderId = providerId;
        LocationId = locationId;
        SentAt = now;
        Version++;
        return TransitionOutcome.Ok;
    }

    /// <summary>Accepts with a trainer whose certification covers the whole prescription period.</summary>
    public TransitionOutcome Accept(Guid trainerId, IEnumerable<Certification> trainerCertifications, Actor actor, DateTimeOffset now)
    {
        if (ProviderId is null && Status == PrescriptionStatus.Issued)
        {
            return TransitionOutcome.Refused(ErrorCodes.NotSent);
        }

        if (Lifecycle.CanMove(Status, PrescriptionStatus.Accepted) &&
            !Qualification.Qualifies(trainerCertifications, RequiredCompetence, StartDate, EndDate))
        {
            return TransitionOutcome.Refused(RequiredCompetence is { } kind
                ? ErrorCodes.TrainerLacksCertification.With(("certification", kind), ("from", StartDate), ("to", EndDate))
                : ErrorCodes.TrainerNotQualified.With(("from", StartDate), ("to", EndDate)));
        }

        var outcome = Move(PrescriptionStatus.Accepted, actor, now, null);
        if (outcome.Succeeded)
        {
            TrainerId = trainerId;
        }

        return outcome;
    }

    /// <summary>What the referrer prescribed, as it can be edited or sent again.</summary>
    public PrescriptionDetails Details => new(
        ReasonCode, ReasonText, Goals, [.. ActivityTypes], SessionsPerWeek, MinutesPerSession, StartDate, DurationWeeks,
        Precautions, RequiredCompetence, ConfirmationIntervalWeeks, Funding, FundingOrganisation, MaxPauseWeeksTotal: MaxPauseWeeksTotal);

    /// <summary>Replaces what a draft prescribes; anything past a draft has been seen by others and stays as issued.</summary>
    public TransitionOutcome Revise(PrescriptionDetails details)
    {
        if (Status != PrescriptionStatus.Draft)
        {
            return TransitionOutcome.Refused(ErrorCodes.OnlyDraftCanBeEdited.With(("status", Status)));
        }

        Apply(details);
        Version++;
        return TransitionOutcome.Ok;
    }

    /// <summary>The dose a trainer chose at the initial assessment, for a referral that left it open. Set once.</summary>
    public TransitionOutcome SetDose(int sessionsPerWeek, int minutesPerSession)
    {
        if (!DoseToBeSet)
        {
            return TransitionOutcome.Refused(ErrorCodes.DoseAlreadySet);
        }

        if (!Lifecycle.Open.Contains(Status))
        {
            return TransitionOutcome.Refused(ErrorCodes.DoseNotOpen.With(("status", Status)));
        }

        if (sessionsPerWeek is < MinSessionsPerWeek or > MaxSessionsPerWeek)
        {
            return TransitionOutcome.Refused(ErrorCodes.Between.With(("min", MinSessionsPerWeek), ("max", MaxSessionsPerWeek)), "sessionsPerWeek");
        }

        if (minutesPerSession is < MinMinutesPerSession or > MaxMinutesPerSession)
        {
            return TransitionOutcome.Refused(ErrorCodes.Between.With(("min", MinMinutesPerSession), ("max", MaxMinutesPerSession)), "minutesPerSession");
        }

        SessionsPerWeek = sessionsPerWeek;
        MinutesPerSession = minutesPerSession;
        DoseToBeSet = false;
        Version++;
        return TransitionOutcome.Ok;
    }

    /// <summary>
    /// A rejected prescription sent to another provider: a new draft for the same person with the same details, linked
    /// to this one (which stays rejected, with its history, as the rejecting provider's answer). A period that has
    /// already begun starts again on <paramref name="today"/>, keeping its length.
    /// </summary>
    public TransitionOutcome Resend(Actor actor, DateTimeOffset now, DateOnly today, out Prescription? copy)
    {
        copy = null;
        if (Status != PrescriptionStatus.Rejected)
        {
            return TransitionOutcome.Refused(ErrorCodes.OnlyRejectedCanBeResent.With(("status", Status)));
        }

        var details = Details;
        copy = new Prescription(ParticipantId, ReferrerId, details.StartDate < today ? details with { StartDate = today } : details, actor, now)
        {
            ReplacesId = Id,
        };
        return TransitionOutcome.Ok;
    }

    /// <summary>The participant pauses training (<see cref="PauseRules"/>); the period's end moves by the paused days.</summary>
    public TransitionOutcome Pause(PauseReason reason, string? note, DateOnly firstDay, DateOnly lastDay, Actor actor, DateTimeOffset now, out PrescriptionPause? pause)
    {
        pause = null;
        var checkedOutcome = PauseRules.Check(Status, EndDate, MaxPauseWeeksTotal, PausedSpans, new PausedSpan(firstDay, lastDay), OsloCalendar.DateOf(now));
        if (!checkedOutcome.Succeeded)
        {
            return checkedOutcome;
        }

        pause = new PrescriptionPause(Id, reason, note, firstDay, lastDay, actor, now);
        _pauses.Add(pause);
        PausedDays = _pauses.Sum(p => p.Days);
        Version++;
        return TransitionOutcome.Ok;
    }

    /// <summary>Ends a pause early: training resumes today and the unused days return to the allowance.</summary>
    public TransitionOutcome EndPause(Guid pauseId, DateTimeOffset now)
    {
        var pause = _pauses.FirstOrDefault(p => p.Id == pauseId);
        if (pause is null)
        {
            return TransitionOutcome.Refused(ErrorCodes.NotFound, "pauseId");
        }

        if (!PauseRules.CanPause(Status))
        {
            return TransitionOutcome.Refused(ErrorCodes.PauseNotPausable.With(("status", Status)), "status");
        }

        var ended = PauseRules.CheckEnd(pause.Span, OsloCalendar.DateOf(now), out var lastDay);
        if (!ended.Succeeded)
        {
            return ended;
        }

        pause.EndEarly(lastDay, now);
        PausedDays = _pauses.Sum(p => p.Days);
        Version++;
        return TransitionOutcome.Ok;
    }

    public const int MinSessionsPerWeek = 1;
    public const int MaxSessionsPerWeek = 7;
    public const int MinMinutesPerSession = 15;
    public const int MaxMinutesPerSession = 180;

    /// <summary>Whether the acceptance deadline has passed for an issued prescription.</summary>
    public bool IsOverdueForAcceptance(DateTimeOffset now, TimeSpan acceptanceWindow) =>
        Status == PrescriptionStatus.Issued && IssuedAt is { } issued && now - issued >= acceptanceWindow;

    private void Apply(PrescriptionDetails details)
    {
        ReasonCode = details.ReasonCode;
        ReasonText = details.ReasonText;
        Goals = details.Goals;
        ActivityTypes = [.. details.ActivityTypes];
        SessionsPerWeek = details.SessionsPerWeek;
        MinutesPerSession = details.MinutesPerSession;
        DoseToBeSet = details.DoseAtAssessment;
        StartDate = details.StartDate;
        DurationWeeks = details.DurationWeeks;
        Precautions = details.Precautions;
        RequiredCompetence = details.RequiredCompetence;
        ConfirmationIntervalWeeks = details.ConfirmationIntervalWeeks;
        Funding = details.Funding;
        FundingOrganisation = details.FundingOrganisation;
        MaxPauseWeeksTotal = details.MaxPauseWeeksTotal;
    }
}
