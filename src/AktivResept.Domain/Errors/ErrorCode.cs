namespace AktivResept.Domain.Errors;

/// <summary>
/// One entry of the error catalogue: a stable code that clients and the UI key on, its kind, and the English
/// template (placeholders <c>{name}</c> name the arguments) used for API messages and logs.
/// </summary>
public sealed record ErrorCode(string Code, ErrorKind Kind, string Template)
{
    public Error With(params (string Name, object Value)[] args) =>
        new(this, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    public static implicit operator Error(ErrorCode code) => code.With();

    public override string ToString() => Code;
}
