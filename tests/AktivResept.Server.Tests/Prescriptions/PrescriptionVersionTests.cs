using System.Text.Json;
using AktivResept.Domain.Prescriptions;
using AktivResept.Domain.Trainers;
using AktivResept.Server.Features.Prescriptions;

namespace AktivResept.Server.Tests.Prescriptions;

public sealed class PrescriptionVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stored_version_restores_every_property_of_the_prescription()
    {
        var referrer = new Actor("hpr:9144900", "referrer");
        var details = new PrescriptionDetails("L03", "Ryggsmerter", "Gå til jobb", [ActivityType.SupervisedStrength, ActivityType.Endurance],
            2, 45, new DateOnly(2026, 3, 9), 12, "Ingen tunge løft", CertificationKind.PersonalTrainer, 4, FundingSource.EmployerPaid, "974760673");
        var prescription = new Prescription(Guid.NewGuid(), Guid.NewGuid(), details, referrer, Now);
        prescription.Issue(referrer, Now, null).Succeeded.ShouldBeTrue();
        prescription.SendTo(Guid.NewGuid(), Guid.NewGuid(), Now.AddHours(1)).Succeeded.ShouldBeTrue();

        var restored = PrescriptionVersion.Of(prescription, Now).Restore();

        restored.SentAt.ShouldBe(Now.AddHours(1));
        restored.Status.ShouldBe(PrescriptionStatus.Issued);
        foreach (var property in typeof(Prescription).GetProperties().Where(p => p.Name != nameof(Prescription.History)))
        {
            JsonSerializer.Serialize(property.GetValue(restored)).ShouldBe(JsonSerializer.Serialize(property.GetValue(prescription)), property.Name);
        }
    }
}
