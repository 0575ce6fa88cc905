using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace AktivResept.Server.Data;

/// <summary>
/// One value read with a command of its own on the context's connection: opened and closed around it, inside the
/// context's transaction when there is one. For the start-up reads (the migration check, the demo's seed note) that
/// must not pay for a query's compilation or a model of their own before the first request (issue 19).
/// </summary>
internal static class ConnectionScalar
{
    public static async Task<object?> ReadScalarAsync(this DatabaseFacade database, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await database.OpenConnectionAsync(ct);
        try
        {
            await using var command = database.GetDbConnection().CreateCommand();
            command.Transaction = database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return await command.ExecuteScalarAsync(ct);
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
