using System.Globalization;
using System.Xml.Linq;

namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>
/// Writes a <see cref="DialogmeldingContent"/> as Helsedirektoratet's MsgHead 1.2 envelope around a Dialogmelding 1.1
/// "Helsefaglig dialog" note (<c>Notat</c>, tema 6 "Henvendelse om pasient", with the referrer as "Kontakt hos
/// mottaker" as the profile requires for that tema). Codes are from Helsedirektoratet's code systems (volven.no):
/// 8279 message function, 7322 tema, 9034 role, 8116 person id type, 9051 organisation id type, 8114 reference type.
/// </summary>
public static class MsgHeadBuilder
{
    public static readonly XNamespace Mh = "http://www.kith.no/xmlstds/msghead/2006-05-24";
    public static readonly XNamespace Dia = "http://www.kith.no/xmlstds/dialog/2013-01-23";
    public static readonly XNamespace Fk1 = "http://www.kith.no/xmlstds/felleskomponent1";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private const string PersonIdTypes = "2.16.578.1.12.4.1.1.8116";
    private const string OrganisationIdTypes = "2.16.578.1.12.4.1.1.9051";
    private const string DialogTema = "2.16.578.1.12.4.1.1.7322";
    private const string HealthcareRoles = "2.16.578.1.12.4.1.1.9034";

    public static XDocument Build(DialogmeldingContent c) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Mh + "MsgHead",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(XNamespace.Xmlns + "dia", Dia),
            new XAttribute(XNamespace.Xmlns + "fk1", Fk1),
            new XAttribute(Xsi + "schemaLocation", $"{Mh} MsgHead-v1_2.xsd {Dia} dialogmelding-v1.1.xsd"),
            new XElement(Mh + "MsgInfo",
                Cs(Mh + "Type", "DIALOG_HELSEFAGLIG", "Helsefaglig dialog"),
                new XElement(Mh + "MIGversion", "v1.2 2006-05-24"),
                new XElement(Mh + "GenDate", c.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                new XElement(Mh + "MsgId", c.MsgId.ToString()),
                Cs(Mh + "Ack", "J", "Ja"),
                new XElement(Mh + "Sender", Organisation(c.Sender, null)),
                new XElement(Mh + "Receiver", Organisation(c.Receiver, c.Referrer)),
                Patient(c.Patient)),
            new XElement(Mh + "Document",
                new XElement(Mh + "RefDoc",
                    new XElement(Mh + "IssueDate", new XAttribute("V", c.NoteDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                    Cs(Mh + "MsgType", "XML", "XML-instans"),
                    new XElement(Mh + "MimeType", "text/xml"),
                    new XElement(Mh + "Content", Dialogmelding(c))))));

    private static XElement Dialogmelding(DialogmeldingContent c) =>
        new(Dia + "Dialogmelding",
            new XElement(Dia + "Notat",
                Cv(Dia + "TemaKodet", "6", DialogTema, "Henvendelse om pasient"),
                new XElement(Dia + "Tema", c.Subject),
                new XElement(Dia + "TekstNotatInnhold", string.Join("\n", c.Lines)),
                new XElement(Dia + "DokIdNotat", c.NoteId.ToString()),
                new XElement(Dia + "DatoNotat", c.NoteDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new XElement(Dia + "RollerRelatertNotat",
                    Cv(Dia + "RoleToPatient", "24", HealthcareRoles, "Kontakt hos mottaker"),
                    new XElement(Dia + "HealthcareProfessional",
                        NameParts(Dia, c.Referrer.Name),
                        Ident(Dia, Fk1, c.Referrer.Hpr, "HPR", PersonIdTypes, "HPR-nummer")))));

    private static XElement Organisation(MessageParty party, MessageRecipientPerson? professional) =>
        new(Mh + "Organisation",
            new XElement(Mh + "OrganisationName", party.Name),
            party.HerId is { Length: > 0 } her ? Ident(Mh, Mh, her, "HER", OrganisationIdTypes, "HER-id") : null,
            party.OrganisationNumber is { Length: > 0 } org ? Ident(Mh, Mh, org, "ENH", OrganisationIdTypes, "Organisasjonsnummeret i Enhetsregisteret") : null,
            professional is null
                ? null
                : new XElement(Mh + "HealthcareProfessional",
                    NameParts(Mh, professional.Name),
                    Ident(Mh, Mh, professional.Hpr, "HPR", PersonIdTypes, "HPR-nummer")));

    private static XElement Patient(MessagePatient p) =>
        new(Mh + "Patient",
            new XElement(Mh + "FamilyName", p.FamilyName),
            new XElement(Mh + "GivenName", p.GivenName),
            p.IsDNumber
                ? Ident(Mh, Mh, p.NationalId, "DNR", PersonIdTypes, "D-nummer")
                : Ident(Mh, Mh, p.NationalId, "FNR", PersonIdTypes, "Fødselsnummer"));

    /// <summary>A referrer's name is stored whole; the last word is the family name, the rest the given names.</summary>
    private static IEnumerable<XElement> NameParts(XNamespace ns, string name)
    {
        var trimmed = name.Trim();
        var split = trimmed.LastIndexOf(' ');
        if (split <= 0)
        {
            yield return new XElement(ns + "FamilyName", trimmed);
            yield break;
        }

        yield return new XElement(ns + "FamilyName", trimmed[(split + 1)..]);
        yield return new XElement(ns + "GivenName", trimmed[..split].Trim());
    }

    /// <summary>An <c>Ident</c>: the element in the parent's namespace, its parts in the type's (felleskomponent1 in the note).</summary>
    private static XElement Ident(XNamespace element, XNamespace parts, string id, string type, string system, string display) =>
        new(element + "Ident",
            new XElement(parts + "Id", id),
            Cv(parts + "TypeId", type, system, display));

    private static XElement Cs(XName name, string value, string display) =>
        new(name, new XAttribute("V", value), new XAttribute("DN", display));

    private static XElement Cv(XName name, string value, string system, string display) =>
        new(name, new XAttribute("V", value), new XAttribute("S", system), new XAttribute("DN", display));
}
