namespace AktivResept.Server.Features.Attendance;

/// <summary>
/// The shadow column on <see cref="AttendanceRecord"/> (PostgreSQL only) holding the id of the transaction that wrote
/// the row: the adherence job's watermark (<c>Adherence/AttendanceWatermarkPass</c>) finds new attendance by it.
/// </summary>
public static class AttendanceWriterTransaction
{
    public const string Column = "WrittenInTx";

    /// <summary>The column default on PostgreSQL: the writing transaction's 64-bit id.</summary>
    public const string CurrentTransaction = "(pg_current_xact_id()::text::bigint)";
}
