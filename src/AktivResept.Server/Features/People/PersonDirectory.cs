using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.People;

/// <summary>Finds and registers people by national id without the id ever leaving its encrypted form at rest.</summary>
public sealed class PersonDirectory(AktivDbContext db, NationalIdProtector protector)
{
    public Task<Person?> FindAsync(Fodselsnummer id, CancellationToken cancellationToken)
    {
        var hash = protector.LookupHash(id);
        return db.People.FirstOrDefaultAsync(p => p.NationalIdHash == hash, cancellationToken);
    }

    public Person Register(Fodselsnummer id, string givenName, string familyName, string kommunenummer)
    {
        var person = new Person
        {
            NationalIdCipher = protector.Encrypt(id),
            NationalIdHash = protector.LookupHash(id),
            GivenName = givenName,
            FamilyName = familyName,
            BirthDate = id.BirthDate,
            Kommunenummer = kommunenummer,
        };
        db.People.Add(person);
        return person;
    }

    public string NationalIdOf(Person person) => protector.Decrypt(person.NationalIdCipher);
}
