namespace AktivResept.Server.Features.Programmes;

/// <summary>
/// The use-case codes of «Aktiv på dagtid», next to <c>ApiErrorCodes</c> and the pure rules' <c>ErrorCodes</c>
/// (eligibility refusals live there). One partial file per use-case folder (Booking, Timetable, Attendance, Funding)
/// keeps each slice's codes beside it; a code never changes once published and has a text in UiText.resx and
/// UiText.en.resx (a test checks).
/// </summary>
public static partial class ProgrammeErrorCodes;
