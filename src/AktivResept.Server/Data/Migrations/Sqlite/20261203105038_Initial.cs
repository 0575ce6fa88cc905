using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AktivResept.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdherenceSnapshots",
                columns: table => new
                {
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttendedSessions = table.Column<int>(type: "INTEGER", nullable: false),
                    PrescribedToDate = table.Column<int>(type: "INTEGER", nullable: false),
                    AttendedMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstAttendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastAttendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Dirty = table.Column<bool>(type: "INTEGER", nullable: false),
                    DirtyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RiskAlertedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastReportThrough = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdherenceSnapshots", x => x.PrescriptionId);
                });

            migrationBuilder.CreateTable(
                name: "AttendanceRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MemberRef = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Service = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reconciliation = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ReconciliationNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    SubjectPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BenefitPeriods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenefitPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClaimEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PaymentBatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TotalTariff = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    TotalPublicShare = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    TotalCopay = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    TotalCoFinancing = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    ApprovedPublicShare = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    PricedLines = table.Column<int>(type: "INTEGER", nullable: false),
                    RefusedLines = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contracts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CoFinancingShare = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contracts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeliveryAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GymIntegrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GymIntegrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    RecipientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Data = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberLinks",
                columns: table => new
                {
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberRef = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsIssuedToken = table.Column<bool>(type: "INTEGER", nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberLinks", x => new { x.ProviderId, x.MemberRef });
                });

            migrationBuilder.CreateTable(
                name: "Municipalities",
                columns: table => new
                {
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CentreLatitude = table.Column<double>(type: "REAL", nullable: false),
                    CentreLongitude = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Municipalities", x => x.Kommunenummer);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RecipientKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    RecipientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DeadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Payers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    AccountIban = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Bic = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExecutionDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TransactionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ControlSum = table.Column<decimal>(type: "TEXT", precision: 16, scale: 2, nullable: false),
                    Pain001Xml = table.Column<string>(type: "TEXT", nullable: false),
                    RemittanceCsv = table.Column<string>(type: "TEXT", nullable: false),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PaidBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NationalIdCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    AddressLatitude = table.Column<double>(type: "REAL", nullable: true),
                    AddressLongitude = table.Column<double>(type: "REAL", nullable: true),
                    AccessibilityNeeds = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrescriptionEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Data = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FannedOutAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrescriptionEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Prescriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferrerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ReasonText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Goals = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ActivityTypes = table.Column<string>(type: "TEXT", nullable: false),
                    SessionsPerWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    MinutesPerSession = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DurationWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    Precautions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequiredCompetence = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ConfirmationIntervalWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    Funding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FundingOrganisation = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LocationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EligibilityBenefit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EligibleUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prescriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Providers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AccountNumber = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Referrers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hpr = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    OwnerKind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SecretProtected = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tariffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Service = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Copay = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CopayExemptBenefits = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tariffs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Trainers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NationalIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trainers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookReceipts",
                columns: table => new
                {
                    IntegrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WebhookId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookReceipts", x => new { x.IntegrationId, x.WebhookId });
                });

            migrationBuilder.CreateTable(
                name: "ClaimLines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreditOfLineId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ServiceDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Service = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Tariff = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    PublicShare = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Copay = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    CoFinancing = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Refusals = table.Column<string>(type: "TEXT", nullable: false),
                    Signals = table.Column<string>(type: "TEXT", nullable: false),
                    PayerReason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    PayerNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClaimLines_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntegrationSecrets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IntegrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyProtected = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntegrationSecrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntegrationSecrets_GymIntegrations_IntegrationId",
                        column: x => x.IntegrationId,
                        principalTable: "GymIntegrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActorRole = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusChanges_Prescriptions_PrescriptionId",
                        column: x => x.PrescriptionId,
                        principalTable: "Prescriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Locations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kommunenummer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    OpeningHours = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AccessibilityFeatures = table.Column<string>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Locations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Locations_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainerCertifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainerCertifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainerCertifications_Trainers_TrainerId",
                        column: x => x.TrainerId,
                        principalTable: "Trainers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainerRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrainerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationNumber = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainerRoles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainerRoles_Trainers_TrainerId",
                        column: x => x.TrainerId,
                        principalTable: "Trainers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdherenceSnapshots_Dirty",
                table: "AdherenceSnapshots",
                column: "Dirty",
                filter: "\"Dirty\"");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ParticipantId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "ParticipantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_PrescriptionId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "PrescriptionId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ProviderId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "ProviderId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_ProviderId_Reconciliation_ReceivedAt",
                table: "AttendanceRecords",
                columns: new[] { "ProviderId", "Reconciliation", "ReceivedAt" },
                filter: "\"Reconciliation\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_SourceId_ExternalId",
                table: "AttendanceRecords",
                columns: new[] { "SourceId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRecords_TrainerId_OccurredAt",
                table: "AttendanceRecords",
                columns: new[] { "TrainerId", "OccurredAt" },
                filter: "\"TrainerId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_At",
                table: "AuditRecords",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_SubjectPersonId_At",
                table: "AuditRecords",
                columns: new[] { "SubjectPersonId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BenefitPeriods_NationalIdHash",
                table: "BenefitPeriods",
                column: "NationalIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimEvents_ClaimId",
                table: "ClaimEvents",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimLines_ClaimId",
                table: "ClaimLines",
                column: "ClaimId");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimLines_CreditOfLineId",
                table: "ClaimLines",
                column: "CreditOfLineId",
                unique: true,
                filter: "\"CreditOfLineId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimLines_OneChargePerSession",
                table: "ClaimLines",
                column: "SessionId",
                unique: true,
                filter: "\"Kind\" = 'Charge'");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimLines_PrescriptionId_ServiceDate",
                table: "ClaimLines",
                columns: new[] { "PrescriptionId", "ServiceDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_OneDraft",
                table: "Claims",
                columns: new[] { "ProviderId", "PayerId", "Month" },
                unique: true,
                filter: "\"Status\" = 'Draft'");

            migrationBuilder.CreateIndex(
                name: "IX_Claims_PayerId_Status",
                table: "Claims",
                columns: new[] { "PayerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_PaymentBatchId",
                table: "Claims",
                column: "PaymentBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Claims_ProviderId_PayerId_Month_Sequence",
                table: "Claims",
                columns: new[] { "ProviderId", "PayerId", "Month", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contracts_PayerId_ProviderId",
                table: "Contracts",
                columns: new[] { "PayerId", "ProviderId" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Due",
                table: "Deliveries",
                column: "NextAttemptAt",
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_SubscriptionId_EventId",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_DeliveryId_At",
                table: "DeliveryAttempts",
                columns: new[] { "DeliveryId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_GymIntegrations_ProviderId",
                table: "GymIntegrations",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_EventId_RecipientKind_RecipientId",
                table: "InboxMessages",
                columns: new[] { "EventId", "RecipientKind", "RecipientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_RecipientKind_RecipientId_CreatedAt",
                table: "InboxMessages",
                columns: new[] { "RecipientKind", "RecipientId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationSecrets_IntegrationId",
                table: "IntegrationSecrets",
                column: "IntegrationId");

            migrationBuilder.CreateIndex(
                name: "IX_Locations_Kommunenummer",
                table: "Locations",
                column: "Kommunenummer");

            migrationBuilder.CreateIndex(
                name: "IX_Locations_ProviderId",
                table: "Locations",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberLinks_ParticipantId",
                table: "MemberLinks",
                column: "ParticipantId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Due",
                table: "OutboxMessages",
                column: "NextAttemptAt",
                filter: "\"SentAt\" IS NULL AND \"DeadAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Payers_Kommunenummer",
                table: "Payers",
                column: "Kommunenummer",
                unique: true,
                filter: "\"Kommunenummer\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Payers_OrganisationNumber",
                table: "Payers",
                column: "OrganisationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentBatches_MessageId",
                table: "PaymentBatches",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentBatches_PayerId",
                table: "PaymentBatches",
                column: "PayerId");

            migrationBuilder.CreateIndex(
                name: "IX_People_NationalIdHash",
                table: "People",
                column: "NationalIdHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrescriptionEvents_PrescriptionId_OccurredAt",
                table: "PrescriptionEvents",
                columns: new[] { "PrescriptionId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrescriptionEvents_Unfanned",
                table: "PrescriptionEvents",
                column: "OccurredAt",
                filter: "\"FannedOutAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_OneOpenStateReimbursed",
                table: "Prescriptions",
                column: "ParticipantId",
                unique: true,
                filter: "\"Funding\" = 'StateReimbursed' AND \"Status\" IN ('Issued', 'Accepted', 'Active')");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ParticipantId_Status",
                table: "Prescriptions",
                columns: new[] { "ParticipantId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ProviderId_Status",
                table: "Prescriptions",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ReferrerId_Status",
                table: "Prescriptions",
                columns: new[] { "ReferrerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_Status_IssuedAt",
                table: "Prescriptions",
                columns: new[] { "Status", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_TrainerId",
                table: "Prescriptions",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_Providers_OrganisationNumber",
                table: "Providers",
                column: "OrganisationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrers_Hpr",
                table: "Referrers",
                column: "Hpr",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatusChanges_PrescriptionId_At",
                table: "StatusChanges",
                columns: new[] { "PrescriptionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_OwnerKind_OwnerId",
                table: "Subscriptions",
                columns: new[] { "OwnerKind", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_ContractId_Service_ValidFrom",
                table: "Tariffs",
                columns: new[] { "ContractId", "Service", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainerCertifications_TrainerId",
                table: "TrainerCertifications",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainerRoles_OrganisationNumber",
                table: "TrainerRoles",
                column: "OrganisationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_TrainerRoles_TrainerId",
                table: "TrainerRoles",
                column: "TrainerId");

            migrationBuilder.CreateIndex(
                name: "IX_Trainers_NationalIdHash",
                table: "Trainers",
                column: "NationalIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookReceipts_ReceivedAt",
                table: "WebhookReceipts",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdherenceSnapshots");

            migrationBuilder.DropTable(
                name: "AttendanceRecords");

            migrationBuilder.DropTable(
                name: "AuditRecords");

            migrationBuilder.DropTable(
                name: "BenefitPeriods");

            migrationBuilder.DropTable(
                name: "ClaimEvents");

            migrationBuilder.DropTable(
                name: "ClaimLines");

            migrationBuilder.DropTable(
                name: "Contracts");

            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "DeliveryAttempts");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "IntegrationSecrets");

            migrationBuilder.DropTable(
                name: "Locations");

            migrationBuilder.DropTable(
                name: "MemberLinks");

            migrationBuilder.DropTable(
                name: "Municipalities");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "Payers");

            migrationBuilder.DropTable(
                name: "PaymentBatches");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "PrescriptionEvents");

            migrationBuilder.DropTable(
                name: "Referrers");

            migrationBuilder.DropTable(
                name: "StatusChanges");

            migrationBuilder.DropTable(
                name: "Subscriptions");

            migrationBuilder.DropTable(
                name: "Tariffs");

            migrationBuilder.DropTable(
                name: "TrainerCertifications");

            migrationBuilder.DropTable(
                name: "TrainerRoles");

            migrationBuilder.DropTable(
                name: "WebhookReceipts");

            migrationBuilder.DropTable(
                name: "Claims");

            migrationBuilder.DropTable(
                name: "GymIntegrations");

            migrationBuilder.DropTable(
                name: "Providers");

            migrationBuilder.DropTable(
                name: "Prescriptions");

            migrationBuilder.DropTable(
                name: "Trainers");
        }
    }
}
