namespace AktivResept.Domain.Identifiers;

public enum NationalIdKind
{
    /// <summary>Fødselsnummer: assigned at birth or immigration.</summary>
    Fodselsnummer,

    /// <summary>D-nummer: for people without a fødselsnummer; day + 40.</summary>
    DNumber,
}
