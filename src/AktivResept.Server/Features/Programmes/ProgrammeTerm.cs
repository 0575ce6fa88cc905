namespace AktivResept.Server.Features.Programmes;

/// <summary>A season of a programme (e.g. «Høst 2026»): the Oslo days its weekly series run between.</summary>
public sealed class ProgrammeTerm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProgrammeId { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    /// <summary>Days without sessions in this term (public holidays, the autumn break), skipped by every series.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
}
