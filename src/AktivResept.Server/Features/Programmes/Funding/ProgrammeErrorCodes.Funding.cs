using AktivResept.Domain.Errors;
using static AktivResept.Domain.Errors.ErrorKind;

namespace AktivResept.Server.Features.Programmes;

/// <summary>The funding slice's codes: the monthly report's period.</summary>
public static partial class ProgrammeErrorCodes
{
    public static readonly ErrorCode ReportPeriod = new("programme.report-period", Invalid, "must be a month (yyyy-MM) from 'from' to 'to', at most {max} months.");
}
