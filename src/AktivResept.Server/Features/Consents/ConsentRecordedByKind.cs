namespace AktivResept.Server.Features.Consents;

/// <summary>How a consent came to be recorded; stored with it, so no screen has to infer it from who the recorder was.</summary>
public enum ConsentRecordedByKind
{
    /// <summary>The person gave it here, signed in (their consents page).</summary>
    Person,

    /// <summary>A coordinator recorded it from a form the person signed (the pilot enrolment).</summary>
    SignedForm,
}
