using System.Text.Json;
using System.Xml.Linq;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Dialogmelding;
using AktivResept.Server.Features.Dialogmelding.Sending;
using AktivResept.Server.Features.Notifications;

namespace AktivResept.Server.Tests.Dialogmelding;

/// <summary>The builder's output against Helsedirektoratet's published schemas, kept in the repository.</summary>
public sealed class MsgHeadSchemaTests
{
    public static DialogmeldingContent Sample(IReadOnlyList<string>? lines = null, string? receiverHerId = "8142987") => new(
        MsgId: Guid.Parse("0191a2b3-0000-7000-8000-000000000001"),
        GeneratedAt: new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero),
        Sender: new MessageParty("AktivResept", "999999999", "8100001"),
        Receiver: new MessageParty("Storgata legekontor", "974760673", receiverHerId),
        Referrer: new MessageRecipientPerson("Kari Nordmann", "1234567"),
        Patient: new MessagePatient("Ola", "Deltaker", Fodselsnummer.Create(new DateOnly(1985, 1, 1), 123, synthetic: true)!.Value, IsDNumber: false),
        NoteId: Guid.Parse("0191a2b3-0000-7000-8000-000000000002"),
        NoteDate: new DateOnly(2026, 3, 2),
        Subject: "Aktivitet på resept: status endret",
        Lines: lines ?? ["Status: Sendt → Godtatt", "Æ, ø og å & <tegn> kommer fram."]);

    [Fact]
    public void A_built_message_is_valid_against_msghead_1_2_and_dialogmelding_1_1()
    {
        var document = MsgHeadBuilder.Build(Sample());

        var result = DialogmeldingSchemas.Validate(document);

        result.IsValid.ShouldBeTrue($"{result.FirstElement}: {result.FirstError}");
        document.Root!.Name.ShouldBe(MsgHeadBuilder.Mh + "MsgHead");
        document.Descendants(MsgHeadBuilder.Dia + "Notat").ShouldHaveSingleItem();
    }

    [Fact]
    public void A_receiver_without_a_her_id_is_named_by_organisation_number_alone_and_stays_valid()
    {
        var document = MsgHeadBuilder.Build(Sample(receiverHerId: null));

        DialogmeldingSchemas.Validate(document).IsValid.ShouldBeTrue();
        var receiver = document.Descendants(MsgHeadBuilder.Mh + "Receiver").Single();
        receiver.Element(MsgHeadBuilder.Mh + "Organisation")!.Elements(MsgHeadBuilder.Mh + "Ident")
            .Select(i => i.Element(MsgHeadBuilder.Mh + "TypeId")!.Attribute("V")!.Value).ShouldBe(["ENH"]);
    }

    [Fact]
    public void A_document_missing_a_required_element_is_reported_invalid_with_the_element_named()
    {
        var document = MsgHeadBuilder.Build(Sample());
        document.Descendants(MsgHeadBuilder.Mh + "Receiver").Single().Remove();

        var result = DialogmeldingSchemas.Validate(document);

        result.IsValid.ShouldBeFalse();
        result.FirstElement.ShouldBe("Patient"); // where the missing Receiver was due
    }

    [Fact]
    public void A_note_without_its_coded_tema_is_invalid_against_the_dialogmelding_schema()
    {
        var document = MsgHeadBuilder.Build(Sample());
        document.Descendants(MsgHeadBuilder.Dia + "TemaKodet").Single().Remove();

        DialogmeldingSchemas.Validate(document).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void The_serialised_message_round_trips_and_still_validates()
    {
        var xml = MsgHeadBuilder.Build(Sample()).ToString(SaveOptions.DisableFormatting);

        DialogmeldingSchemas.Validate(XDocument.Parse(xml)).IsValid.ShouldBeTrue();
        xml.ShouldContain("Æ, ø og å &amp; &lt;tegn&gt;");
    }

    [Fact]
    public void The_example_in_the_docs_is_what_the_builder_writes_and_is_valid_against_the_stored_schemas()
    {
        var facts = new NoteFacts(Guid.Parse("0191a2b3-0000-7000-8000-0000000000aa"), new DateOnly(2026, 3, 9), new DateOnly(2026, 5, 31));
        var data = JsonSerializer.Serialize(new StatusChangedData("Issued", "Accepted", null, "provider-admin"), JsonSerializerOptions.Web);
        var (subject, lines) = NoteText.For(DialogmeldingKind.StatusChange, data, facts)!.Value;
        var xml = DialogmeldingSendJob.Serialise(MsgHeadBuilder.Build(Sample(lines) with { Subject = subject }));
        var path = Path.Combine(StoredSchemas.RepositoryRoot, "docs", "examples", "dialogmelding-status-change.xml");
        if (Environment.GetEnvironmentVariable("AKTIVRESEPT_WRITE_EXAMPLES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, xml);
        }

        StoredSchemas.Errors(xml).ShouldBeEmpty();
        File.ReadAllText(path).ReplaceLineEndings().ShouldBe(xml.ReplaceLineEndings());
    }
}
