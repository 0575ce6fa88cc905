namespace AktivResept.Server.Features.Research;

/// <summary>The body of <c>POST /api/research/projects</c>. Members are other researchers' token subjects.</summary>
public sealed record CreateResearchProjectRequest(
    string? Title, string? ApprovalReference, string? Purpose, DateOnly? PeriodFrom, DateOnly? PeriodTo, IReadOnlyList<string?>? Variables,
    string? DateHandling, int? ShiftDays, string? ConsentTextVersion, IReadOnlyList<string?>? Members);

/// <summary>The body of <c>POST /api/research/projects/{id}/exports</c>: the variables wanted and <c>csv</c> or <c>parquet</c>.</summary>
public sealed record ExportRequest(IReadOnlyList<string?>? Variables, string? Format);

public sealed record ResearchProjectSummary(Guid Id, string Title, string ApprovalReference, DateOnly PeriodFrom, DateOnly PeriodTo, bool IsOwner, bool Open);

public sealed record ResearchExportView(Guid Id, DateTimeOffset At, string? By, string Format, IReadOnlyList<string> Variables, int Persons, int Rows);

/// <summary>A project as its researchers see it; the key is never part of it.</summary>
public sealed record ResearchProjectDetail(
    Guid Id, string Title, string ApprovalReference, string Purpose, DateOnly PeriodFrom, DateOnly PeriodTo, string? OwnerName, bool IsOwner,
    IReadOnlyList<string> Members, IReadOnlyList<ResearchVariable> Variables, DateHandling DateHandling, int ShiftDays, string ConsentTextVersion,
    string ConsentPurpose, int ConsentingPersons, bool Open, IReadOnlyList<ResearchExportView> Exports, DateTimeOffset CreatedAt);

/// <summary>An export's file: the data (CSV or Parquet) and its data dictionary, packed in one zip.</summary>
public sealed record ExportFile(byte[] Content, string FileName, Guid ExportId, int Persons, int Rows);
