namespace AktivResept.Domain.Claims;

/// <summary>Why a candidate session cannot be claimed. Every reason that applies is reported, not just the first.</summary>
public enum RefusalReason
{
    /// <summary>State funding: the person had no qualifying benefit on the session date.</summary>
    NoActiveBenefit,

    /// <summary>Registered as a no-show, or of a type that is not a supervised, billable session.</summary>
    NotAttended,

    /// <summary>Before the prescription's start or after its end.</summary>
    OutsidePrescriptionPeriod,

    /// <summary>More sessions in the ISO week than prescribed.</summary>
    WeeklyCapExceeded,

    /// <summary>More sessions than the prescription allows in total.</summary>
    TotalCapExceeded,

    /// <summary>The trainer held no certification (of the required kind) on the session date.</summary>
    TrainerNotCertified,

    /// <summary>The session is already on another claim.</summary>
    AlreadyClaimed,

    /// <summary>Another session for the same prescription on the same Oslo day was claimed first: one a day (<c>CountableSession</c>).</summary>
    DuplicateSession,

    /// <summary>Delivered by a provider other than the one that accepted the prescription.</summary>
    WrongProvider,

    /// <summary>No tariff for the service was in force on the session date.</summary>
    NoTariff,
}
