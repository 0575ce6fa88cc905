using AktivResept.Domain.Identifiers;
using AktivResept.Server.Common.Security;
using AktivResept.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Features.People;

/// <summary>Finds and registers people by national id without the id ever leaving its encrypted form at rest.</summary>
public sealed class PersonDirectory(AktivDbContext db, AtRestCipher cipher, NationalIdLookupHash lookupHash)
{
    // People this request has already loaded, by lookup hash: a FHIR create resolves its subject and then issues
    // through the shared handler, which would otherwise read the same row twice.
    private readonly Dictionary<string, Person> _seen = new(StringComparer.Ordinal);

    public async Task<Person?> FindAsync(Fodselsnummer id, CancellationToken cancellationToken)
    {
        var hash = lookupHash.Of(id);
        if (_seen.TryGetValue(hash, out var known))
        {
            return known;
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.NationalIdHash == hash, cancellationToken);
        if (person is not null)
        {
            _seen[hash] = person;
        }

        return person;
    }

    /// <summary>Tells the directory about a person the request loaded some other way (e.g. by id).</summary>
    public void Remember(Person person) => _seen[person.NationalIdHash] = person;

    public Person Register(Fodselsnummer id, string givenName, string familyName, string kommunenummer)
    {
        var person = new Person
        {
            NationalIdCipher = cipher.Encrypt(id),
            NationalIdHash = lookupHash.Of(id),
            GivenName = givenName,
            FamilyName = familyName,
            BirthDate = id.BirthDate,
            Kommunenummer = kommunenummer,
        };
        db.People.Add(person);
        return person;
    }

    public string NationalIdOf(Person person) => cipher.Decrypt(person.NationalIdCipher);
}
