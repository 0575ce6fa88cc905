using AktivResept.Domain.Prescriptions;
using AktivResept.Server.Common.Audit;
using AktivResept.Server.Common.RateLimits;
using AktivResept.Server.Features.Attendance;
using AktivResept.Server.Features.Benefits;
using AktivResept.Server.Features.Claims;
using AktivResept.Server.Features.Consents;
using AktivResept.Server.Features.Contracts;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Integrations;
using AktivResept.Server.Features.Notifications;
using AktivResept.Server.Features.Outcomes;
using AktivResept.Server.Features.Payers;
using AktivResept.Server.Features.Payments;
using AktivResept.Server.Features.People;
using AktivResept.Server.Features.Pilots;
using AktivResept.Server.Features.Prescriptions;
using AktivResept.Server.Features.Programmes;
using AktivResept.Server.Features.Providers;
using AktivResept.Server.Features.Referrers;
using AktivResept.Server.Features.Tariffs;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

/// <summary>
/// The one model of AktivResept. Provider-specific subclasses exist only so each database has its own migrations
/// (see docs/adr/0002-one-dbcontext-two-providers.md).
/// </summary>
public abstract class AktivDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<CareRelationship> CareRelationships => Set<CareRelationship>();

    public DbSet<Municipality> Municipalities => Set<Municipality>();

    public DbSet<Referrer> Referrers => Set<Referrer>();

    public DbSet<Provider> Providers => Set<Provider>();

    public DbSet<Location> Locations => Set<Location>();

    public DbSet<Trainer> Trainers => Set<Trainer>();

    public DbSet<TrainerCertification> TrainerCertifications => Set<TrainerCertification>();

    public DbSet<TrainerRole> TrainerRoles => Set<TrainerRole>();

    public DbSet<CertificationRegisterEntry> CertificationRegister => Set<CertificationRegisterEntry>();

    public DbSet<BenefitPeriodRecord> BenefitPeriods => Set<BenefitPeriodRecord>();

    public DbSet<Prescription> Prescriptions => Set<Prescription>();

    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();

    public DbSet<PrescriptionVersion> PrescriptionVersions => Set<PrescriptionVersion>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();

    public DbSet<AuditMonthSeal> AuditMonthSeals => Set<AuditMonthSeal>();

    public DbSet<GymIntegration> GymIntegrations => Set<GymIntegration>();

    public DbSet<IntegrationSecret> IntegrationSecrets => Set<IntegrationSecret>();

    public DbSet<WebhookReceipt> WebhookReceipts => Set<WebhookReceipt>();

    public DbSet<AttendanceRecord> AttendanceRecords => Set<AttendanceRecord>();

    public DbSet<AttendanceEventKey> AttendanceEventKeys => Set<AttendanceEventKey>();

    public DbSet<MemberLink> MemberLinks => Set<MemberLink>();

    public DbSet<AdherenceSnapshot> AdherenceSnapshots => Set<AdherenceSnapshot>();

    public DbSet<AdherenceWatermark> AdherenceWatermarks => Set<AdherenceWatermark>();

    public DbSet<PrescriptionEvent> PrescriptionEvents => Set<PrescriptionEvent>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Payer> Payers => Set<Payer>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<ContractVersion> ContractVersions => Set<ContractVersion>();

    public DbSet<KpiEvaluation> KpiEvaluations => Set<KpiEvaluation>();

    public DbSet<TariffRecord> Tariffs => Set<TariffRecord>();

    public DbSet<Claim> Claims => Set<Claim>();

    public DbSet<ClaimLine> ClaimLines => Set<ClaimLine>();

    public DbSet<ClaimEvent> ClaimEvents => Set<ClaimEvent>();

    public DbSet<ClaimMessage> ClaimMessages => Set<ClaimMessage>();

    public DbSet<ClaimAttachment> ClaimAttachments => Set<ClaimAttachment>();

    public DbSet<SessionCorrection> SessionCorrections => Set<SessionCorrection>();

    public DbSet<PaymentBatch> PaymentBatches => Set<PaymentBatch>();

    public DbSet<BenefitPopulation> BenefitPopulations => Set<BenefitPopulation>();

    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    public DbSet<ReferrerOrganisation> ReferrerOrganisations => Set<ReferrerOrganisation>();

    public DbSet<DialogmeldingMessage> DialogmeldingMessages => Set<DialogmeldingMessage>();

    public DbSet<Pilot> Pilots => Set<Pilot>();

    public DbSet<PilotAllocation> PilotAllocations => Set<PilotAllocation>();

    public DbSet<PilotEnrolment> PilotEnrolments => Set<PilotEnrolment>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<Features.Research.ResearchProject> ResearchProjects => Set<Features.Research.ResearchProject>();

    public DbSet<Features.Research.ResearchExport> ResearchExports => Set<Features.Research.ResearchExport>();

    public DbSet<OutcomeMeasurement> OutcomeMeasurements => Set<OutcomeMeasurement>();

    public DbSet<OutcomeScheduleNotice> OutcomeScheduleNotices => Set<OutcomeScheduleNotice>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<ProgrammeTerm> ProgrammeTerms => Set<ProgrammeTerm>();

    public DbSet<ProgrammeSeries> ProgrammeSeries => Set<ProgrammeSeries>();

    public DbSet<ProgrammeSession> ProgrammeSessions => Set<ProgrammeSession>();

    public DbSet<ProgrammeRegistration> ProgrammeRegistrations => Set<ProgrammeRegistration>();

    public DbSet<ProgrammeReferral> ProgrammeReferrals => Set<ProgrammeReferral>();

    public DbSet<ProgrammeBooking> ProgrammeBookings => Set<ProgrammeBooking>();

    public DbSet<Common.Access.PatientRelationship> PatientRelationships => Set<Common.Access.PatientRelationship>();

    public DbSet<Common.Access.SecurityAlert> SecurityAlerts => Set<Common.Access.SecurityAlert>();

    /// <summary>The data-protection key ring every node shares (Common/Security/SharedKeyRing).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AktivDbContext).Assembly);
        PrimitiveListComparers.Apply(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var detected = DetectOnce();
        StatusChangeEvents.AddFor(this);
        AttendanceEventIds.AddKeysFor(this);
        PrescriptionVersioning.AddFor(this);
        LastUpdatedStamping.Apply(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var detected = DetectOnce();
        StatusChangeEvents.AddFor(this);
        AttendanceEventIds.AddKeysFor(this);
        await PrescriptionVersioning.AddForAsync(this, cancellationToken);
        LastUpdatedStamping.Apply(this);
        var previous = Database.AutoTransactionBehavior;
        if (insertsAsOneBatch && SmallInsertBatch.Applies(this))
        {
            Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        }

        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            Database.AutoTransactionBehavior = previous;
        }
    }

    /// <summary>
    /// Saves as <see cref="SaveChangesAsync(CancellationToken)"/> does, except that a small unit of work of inserts only
    /// goes to PostgreSQL without an explicit transaction (<see cref="SmallInsertBatch"/>). Whether it is one is decided
    /// after the save's one walk for changes, so asking costs no second walk.
    /// </summary>
    public async Task<int> SaveInsertsAsOneBatchAsync(CancellationToken cancellationToken)
    {
        insertsAsOneBatch = true;
        try
        {
            return await SaveChangesAsync(cancellationToken);
        }
        finally
        {
            insertsAsOneBatch = false;
        }
    }

    private bool insertsAsOneBatch;

    /// <summary>
    /// Detects the changes to tracked entities once for the whole save. Each save hook asks the change tracker for its
    /// entries, and with automatic detection on every such call (and SaveChanges itself) walks every tracked entity
    /// again: five walks per save, a measured share of a FHIR create's CPU. The hooks only add entities or set values
    /// through their entries, which the tracker sees without a walk, so one walk before them is enough.
    /// </summary>
    private DetectionScope DetectOnce()
    {
        if (ChangeTracker.AutoDetectChangesEnabled)
        {
            ChangeTracker.DetectChanges();
        }

        return WithoutDetection();
    }

    /// <summary>
    /// Automatic change detection off until the scope ends, without a walk: for code that only reads the tracker's
    /// states as the last save left them (DbSet.Local, Entries and Entry would otherwise each walk every tracked entity).
    /// </summary>
    public DetectionScope WithoutDetection()
    {
        var automatic = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new DetectionScope(ChangeTracker, automatic);
    }

    public readonly struct DetectionScope(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, bool automatic) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = automatic;
    }
}
