using AktivResept.Server.Data;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Research;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Common.Security.KeyRotation;

/// <summary>
/// Every column <see cref="AtRestCipher"/> writes: what key rotation counts and rewrites. A new protected column must
/// be one more line here, or its values stay under the old key and break when that key is retired.
/// </summary>
public static class ProtectedColumns
{
    public static readonly IReadOnlyList<(Type Entity, string Property)> All =
    [
        (typeof(Person), nameof(Person.NationalIdCipher)),
        (typeof(Subscription), nameof(Subscription.SecretProtected)),
        (typeof(IntegrationSecret), nameof(IntegrationSecret.KeyProtected)),
        (typeof(DialogmeldingMessage), nameof(DialogmeldingMessage.XmlCipher)),
        (typeof(ResearchProject), nameof(ResearchProject.EncryptedKey)),
    ];

    /// <summary>The SQL names of one column, read from the model so both providers agree.</summary>
    public sealed record Column(string Table, string Key, string Value)
    {
        public string Name => $"{Table}.{Value}";
    }

    public static IReadOnlyList<Column> Of(AktivDbContext db) =>
    [
        .. All.Select(c =>
        {
            var entity = db.Model.FindEntityType(c.Entity) ?? throw new InvalidOperationException($"{c.Entity.Name} is not in the model.");
            var key = entity.FindPrimaryKey()!.Properties.Single();
            var value = entity.FindProperty(c.Property) ?? throw new InvalidOperationException($"{c.Entity.Name}.{c.Property} is not in the model.");
            return new Column(entity.GetTableName()!, key.GetColumnName(), value.GetColumnName());
        }),
    ];
}
