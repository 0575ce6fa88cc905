namespace AktivResept.Server.Features.Research;

/// <summary>
/// A research project (issue 17): its owner and members (researchers, by their token subject), the ethics approval
/// (REK number), purpose, the period exports are allowed in, the variables it may receive, how it receives dates,
/// the consent text version participants consent to, and its pseudonym key — encrypted at rest, never returned.
/// </summary>
public sealed class ResearchProject
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Title { get; set; } = string.Empty;

    /// <summary>The researcher who created it and answers for it.</summary>
    public string OwnerSubject { get; set; } = string.Empty;

    public string? OwnerName { get; set; }

    /// <summary>Other researchers on the project (token subjects): they see it and may export.</summary>
    public List<string> Members { get; set; } = [];

    /// <summary>The REK approval number, e.g. <c>2026/123456</c>.</summary>
    public string ApprovalReference { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    /// <summary>First and last (inclusive) Oslo day exports are allowed.</summary>
    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    /// <summary>The catalogue names (<see cref="ResearchVariables"/>) the project may receive.</summary>
    public List<string> Variables { get; set; } = [];

    public DateHandling DateHandling { get; set; }

    /// <summary>N of a ±N day shift (only with <see cref="DateHandling.Shifted"/>).</summary>
    public int ShiftDays { get; set; }

    /// <summary>The version of the information text participants consent to (<c>research:{id}</c>).</summary>
    public string ConsentTextVersion { get; set; } = string.Empty;

    /// <summary>The pseudonym key, AES-GCM under the person-data key. Never leaves the server.</summary>
    public byte[] EncryptedKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public bool Covers(DateOnly day) => PeriodFrom <= day && day <= PeriodTo;

    public bool IsOnProject(string subject) => OwnerSubject == subject || Members.Contains(subject);
}

/// <summary>One export of a project: who, when, which variables and format, how many persons and rows.</summary>
public sealed class ResearchExport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = string.Empty;

    public string? ByName { get; set; }

    public string Format { get; set; } = string.Empty;

    public List<string> Variables { get; set; } = [];

    public int Persons { get; set; }

    public int Rows { get; set; }
}
