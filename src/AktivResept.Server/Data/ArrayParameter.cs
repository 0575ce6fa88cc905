using Npgsql;

namespace AktivResept.Server.Data;

/// <summary>
/// One column of several rows as one PostgreSQL array parameter, for a multi-row statement over <c>unnest(…)</c> or
/// <c>= ANY(…)</c>: the rows of a batch written by one statement instead of one each.
/// </summary>
public static class ArrayParameter
{
    public static NpgsqlParameter<T[]> Of<TRow, T>(IEnumerable<TRow> rows, Func<TRow, T> column) => new() { TypedValue = [.. rows.Select(column)] };
}
