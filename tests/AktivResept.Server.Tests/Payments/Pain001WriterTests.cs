using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Payments;

namespace AktivResept.Server.Tests.Payments;

public class Pain001WriterTests
{
    private static readonly XNamespace Ns = Pain001Writer.Namespace;

    [Fact]
    public void A_valid_file_validates_against_the_pain_001_001_09_schema_subset()
    {
        var bytes = Written(PaymentFiles.Valid());

        ValidationMessages(bytes).ShouldBeEmpty();
    }

    [Fact]
    public void Totals_accounts_and_amounts_read_back_to_the_ore()
    {
        var file = PaymentFiles.Valid(
            PaymentFiles.Payment("AR-P-1", 1250.5m),
            PaymentFiles.Payment("AR-P-2", 0.10m, account: "8601.11.17947"),
            PaymentFiles.Payment("AR-P-3", 0.2m),
            PaymentFiles.Payment("AR-P-4", 999_999.99m));

        var doc = Parse(Written(file));

        var header = doc.Descendants(Ns + "GrpHdr").Single();
        var info = doc.Descendants(Ns + "PmtInf").Single();
        header.Element(Ns + "NbOfTxs")!.Value.ShouldBe("4");
        info.Element(Ns + "NbOfTxs")!.Value.ShouldBe("4");
        header.Element(Ns + "CtrlSum")!.Value.ShouldBe("1001250.79");
        info.Element(Ns + "CtrlSum")!.Value.ShouldBe("1001250.79");

        var amounts = doc.Descendants(Ns + "InstdAmt").ToList();
        amounts.Select(a => a.Value).ShouldBe(["1250.50", "0.10", "0.20", "999999.99"]);
        amounts.ShouldAllBe(a => a.Attribute("Ccy")!.Value == "NOK");
        amounts.Sum(a => decimal.Parse(a.Value, CultureInfo.InvariantCulture)).ShouldBe(1_001_250.79m);

        info.Element(Ns + "DbtrAcct")!.Descendants(Ns + "IBAN").Single().Value.ShouldBe("NO9386011117947");
        info.Element(Ns + "DbtrAgt")!.Descendants(Ns + "BICFI").Single().Value.ShouldBe("DNBANOKK");
        doc.Descendants(Ns + "CdtrAcct").Select(a => a.Descendants(Ns + "IBAN").Single().Value)
            .ShouldBe(file.Payments.Select(p => p.CreditorAccount.Value));
        doc.Descendants(Ns + "EndToEndId").Select(e => e.Value).ShouldBe(["AR-P-1", "AR-P-2", "AR-P-3", "AR-P-4"]);
    }

    [Fact]
    public void Elements_appear_in_the_schema_sequence_order()
    {
        var doc = Parse(Written(PaymentFiles.Valid()));

        doc.Root!.Name.ShouldBe(Ns + "Document");
        Children(doc.Root).ShouldBe(["CstmrCdtTrfInitn"]);
        Children(doc.Descendants(Ns + "CstmrCdtTrfInitn").Single()).ShouldBe(["GrpHdr", "PmtInf"]);
        Children(doc.Descendants(Ns + "GrpHdr").Single()).ShouldBe(["MsgId", "CreDtTm", "NbOfTxs", "CtrlSum", "InitgPty"]);
        Children(doc.Descendants(Ns + "InitgPty").Single()).ShouldBe(["Nm", "Id"]);
        Children(doc.Descendants(Ns + "PmtInf").Single()).ShouldBe(
        [
            "PmtInfId", "PmtMtd", "BtchBookg", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt", "Dbtr", "DbtrAcct",
            "DbtrAgt", "ChrgBr", "CdtTrfTxInf", "CdtTrfTxInf", "CdtTrfTxInf",
        ]);
        foreach (var transaction in doc.Descendants(Ns + "CdtTrfTxInf"))
        {
            Children(transaction).ShouldBe(["PmtId", "Amt", "Cdtr", "CdtrAcct", "RmtInf"]);
            Children(transaction.Element(Ns + "PmtId")!).ShouldBe(["InstrId", "EndToEndId"]);
        }
    }

    [Fact]
    public void The_header_carries_utc_time_the_execution_date_and_the_norwegian_domestic_codes()
    {
        var doc = Parse(Written(PaymentFiles.Valid()));

        // 14:05:09 at +02:00 is 12:05:09 UTC.
        doc.Descendants(Ns + "CreDtTm").Single().Value.ShouldBe("2026-03-31T12:05:09Z");
        doc.Descendants(Ns + "ReqdExctnDt").Single().Element(Ns + "Dt")!.Value.ShouldBe("2026-04-02");
        doc.Descendants(Ns + "PmtMtd").Single().Value.ShouldBe("TRF");
        doc.Descendants(Ns + "SvcLvl").Single().Element(Ns + "Cd")!.Value.ShouldBe("NURG");
        doc.Descendants(Ns + "ChrgBr").Single().Value.ShouldBe("SLEV");
        doc.Descendants(Ns + "BtchBookg").Single().Value.ShouldBe("true");

        var initiator = doc.Descendants(Ns + "InitgPty").Single().Descendants(Ns + "Othr").Single();
        initiator.Element(Ns + "Id")!.Value.ShouldBe("974760673");
        initiator.Element(Ns + "SchmeNm")!.Element(Ns + "Cd")!.Value.ShouldBe("BANK");
    }

    [Fact]
    public void Amounts_are_written_invariantly_whatever_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("nb-NO");
            var doc = Parse(Written(PaymentFiles.Valid(PaymentFiles.Payment("AR-P-1", 12345.6m))));

            doc.Descendants(Ns + "InstdAmt").Single().Value.ShouldBe("12345.60");
            doc.Descendants(Ns + "CtrlSum").First().Value.ShouldBe("12345.60");
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Names_with_norwegian_letters_and_xml_specials_round_trip_in_utf8()
    {
        const string name = "Bærum Styrke & Kondisjon <Sandvika> 'Øst' Å";
        var bytes = Written(PaymentFiles.Valid(PaymentFiles.Payment("AR-P-1", 100m, name)));

        bytes.Take(3).ShouldNotBe(new byte[] { 0xEF, 0xBB, 0xBF }, "no byte-order mark");
        System.Text.Encoding.UTF8.GetString(bytes).ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        Parse(bytes).Descendants(Ns + "Cdtr").Single().Element(Ns + "Nm")!.Value.ShouldBe(name);
        ValidationMessages(bytes).ShouldBeEmpty();
    }

    [Fact]
    public void Texts_exactly_at_the_schema_limits_are_accepted_and_validate()
    {
        var file = PaymentFiles.Valid(new Payment(
            new string('E', 35), new string('N', 140), PaymentFiles.DebtorAccount, 0.01m, new string('R', 140))) with
        {
            MessageId = new string('M', 35),
        };

        ValidationMessages(Written(file)).ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_remittance_text_leaves_out_the_remittance_information()
    {
        var payment = PaymentFiles.Payment("AR-P-1", 10m) with { RemittanceText = "" };

        var bytes = Written(PaymentFiles.Valid(payment));

        Parse(bytes).Descendants(Ns + "RmtInf").ShouldBeEmpty();
        ValidationMessages(bytes).ShouldBeEmpty();
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "zero amount", "payments[0].amount", "payment.amount" },
        { "negative amount", "payments[0].amount", "payment.amount" },
        { "too large amount", "payments[0].amount", "payment.amount" },
        { "three decimals", "payments[0].amount", "payment.decimals" },
        { "36-character message id", "messageId", "length-range" },
        { "blank message id", "messageId", "length-range" },
        { "underscore in end-to-end id", "payments[0].endToEndId", "payment.id-characters" },
        { "double slash in end-to-end id", "payments[0].endToEndId", "payment.id-characters" },
        { "duplicate end-to-end id", "payments[1].endToEndId", "payment.end-to-end-id-used" },
        { "141-character creditor name", "payments[0].creditorName", "max-length" },
        { "blank creditor name", "payments[0].creditorName", "required" },
        { "141-character remittance text", "payments[0].remittanceText", "max-length" },
        { "control character in remittance text", "payments[0].remittanceText", "payment.bank-character" },
        { "Sami letter outside Latin-1", "payments[0].creditorName", "payment.bank-character" },
        { "foreign creditor account", "payments[0].creditorAccount", "payment.domestic-account" },
        { "foreign debtor account", "debtor.account", "payment.domestic-account" },
        { "foreign debtor bank", "debtor.agent", "payment.domestic-agent" },
        { "no payments", "payments", "payment.no-payments" },
        { "lower-case scheme code", "initiatingParty.schemeCode", "payment.scheme-code" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_input_is_returned_as_field_errors_and_no_file(string change, string field, string code)
    {
        var outcome = Pain001Writer.Write(Broken(change));

        outcome.Succeeded.ShouldBeFalse();
        outcome.Value.ShouldBeNull();
        var errors = outcome.Errors!.ToDictionary();
        errors.Keys.ShouldBe([field]);
        errors[field].Select(e => e.Code).ShouldBe([code]);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var file = PaymentFiles.Valid(PaymentFiles.Payment("AR-P-1", 0m), PaymentFiles.Payment("AR_P_2", 1.001m)) with
        {
            MessageId = "",
        };

        var errors = Pain001Writer.Write(file).Errors!.ToDictionary();

        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["messageId", "payments[0].amount", "payments[1].amount", "payments[1].endToEndId"]);
    }

    private static PaymentFile Broken(string change)
    {
        var file = PaymentFiles.Valid(PaymentFiles.Payment("AR-P-1", 100m), PaymentFiles.Payment("AR-P-2", 200m));
        var first = file.Payments[0];
        PaymentFile WithFirst(Payment payment) => file with { Payments = [payment, file.Payments[1]] };
        var german = Iban.Parse("DE89370400440532013000");
        return change switch
        {
            "zero amount" => WithFirst(first with { Amount = 0m }),
            "negative amount" => WithFirst(first with { Amount = -5m }),
            "too large amount" => WithFirst(first with { Amount = 1_000_000_000m }),
            "three decimals" => WithFirst(first with { Amount = 10.005m }),
            "36-character message id" => file with { MessageId = new string('M', 36) },
            "blank message id" => file with { MessageId = "  " },
            "underscore in end-to-end id" => WithFirst(first with { EndToEndId = "AR_P_1" }),
            "double slash in end-to-end id" => WithFirst(first with { EndToEndId = "AR//1" }),
            "duplicate end-to-end id" => file with { Payments = [first, file.Payments[1] with { EndToEndId = "AR-P-1" }] },
            "141-character creditor name" => WithFirst(first with { CreditorName = new string('N', 141) }),
            "blank creditor name" => WithFirst(first with { CreditorName = " " }),
            "141-character remittance text" => WithFirst(first with { RemittanceText = new string('R', 141) }),
            "control character in remittance text" => WithFirst(first with { RemittanceText = "Bell\a" }),
            "Sami letter outside Latin-1" => WithFirst(first with { CreditorName = "Guovdageaidnu Ŋ-trening" }),
            "foreign creditor account" => WithFirst(first with { CreditorAccount = german }),
            "foreign debtor account" => file with { Debtor = file.Debtor with { Account = german } },
            "foreign debtor bank" => file with { Debtor = file.Debtor with { Agent = Bic.Parse("DEUTDEFF") } },
            "no payments" => file with { Payments = [] },
            "lower-case scheme code" => file with { InitiatingParty = file.InitiatingParty with { SchemeCode = "bank" } },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
    }

    private static byte[] Written(PaymentFile file)
    {
        var outcome = Pain001Writer.Write(file);
        outcome.Succeeded.ShouldBeTrue(string.Join("; ", outcome.Errors?.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? []));
        return outcome.Value!;
    }

    private static XDocument Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return XDocument.Load(stream);
    }

    private static List<string> Children(XElement element) => element.Elements().Select(e => e.Name.LocalName).ToList();

    private static List<string> ValidationMessages(byte[] bytes)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(Pain001WriterTests).Assembly.GetManifestResourceStream("pain.001.001.09.subset.xsd")!)
        using (var reader = XmlReader.Create(xsd))
        {
            schemas.Add(Pain001Writer.Namespace, reader);
        }

        var messages = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => messages.Add($"{e.Severity}: {e.Message}");
        using var stream = new MemoryStream(bytes);
        using var validating = XmlReader.Create(stream, settings);
        while (validating.Read())
        {
        }

        return messages;
    }
}
