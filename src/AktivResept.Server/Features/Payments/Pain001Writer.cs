using System.Globalization;
using System.Text;
using System.Xml;
using AktivResept.Server.Common.Http;

namespace AktivResept.Server.Features.Payments;

/// <summary>
/// Writes a <see cref="PaymentFile"/> as an ISO 20022 <c>pain.001.001.09</c> CustomerCreditTransferInitiation: one
/// group header, one payment information block (domestic NOK, service level <c>NURG</c>, charges <c>SLEV</c>) and one
/// transaction per payment, every element in the schema's sequence order. Bad input comes back as validation errors.
/// </summary>
public static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    /// <summary>Non-urgent: the ordinary Norwegian interbank clearing (NICS), not an urgent RTGS transfer.</summary>
    public const string ServiceLevel = "NURG";

    /// <summary>
    /// Following the service level: each party pays its own bank, as domestic Norwegian credit transfers are priced.
    /// It is also the only code the EPC and the Nordic banks' MIGs accept for every payment type.
    /// </summary>
    public const string ChargeBearer = "SLEV";

    public static Outcome<byte[]> Write(PaymentFile file)
    {
        var errors = PaymentFileRules.Check(file);
        if (errors.Any)
        {
            return Failure.Invalid(errors);
        }

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Document", Namespace);
            xml.WriteStartElement("CstmrCdtTrfInitn", Namespace);
            WriteGroupHeader(xml, file);
            WritePaymentInformation(xml, file);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>Amounts and control sums: invariant culture, always two decimals, no grouping.</summary>
    public static string FormatAmount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static void WriteGroupHeader(XmlWriter xml, PaymentFile file)
    {
        xml.WriteStartElement("GrpHdr", Namespace);
        Element(xml, "MsgId", file.MessageId);
        Element(xml, "CreDtTm", file.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Element(xml, "NbOfTxs", file.Payments.Count.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", FormatAmount(ControlSum(file)));
        xml.WriteStartElement("InitgPty", Namespace);
        Element(xml, "Nm", file.InitiatingParty.Name);
        OrganisationId(xml, file.InitiatingParty.OrganisationNumber.Value, file.InitiatingParty.SchemeCode);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WritePaymentInformation(XmlWriter xml, PaymentFile file)
    {
        xml.WriteStartElement("PmtInf", Namespace);
        Element(xml, "PmtInfId", file.MessageId);
        Element(xml, "PmtMtd", "TRF");
        Element(xml, "BtchBookg", file.BatchBooking ? "true" : "false");
        Element(xml, "NbOfTxs", file.Payments.Count.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", FormatAmount(ControlSum(file)));

        xml.WriteStartElement("PmtTpInf", Namespace);
        xml.WriteStartElement("SvcLvl", Namespace);
        Element(xml, "Cd", ServiceLevel);
        xml.WriteEndElement();
        xml.WriteEndElement();

        // In .09 the execution date is a choice of Dt or DtTm; a bank debits on a date.
        xml.WriteStartElement("ReqdExctnDt", Namespace);
        Element(xml, "Dt", file.RequestedExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();

        xml.WriteStartElement("Dbtr", Namespace);
        Element(xml, "Nm", file.Debtor.Name);
        OrganisationId(xml, file.Debtor.OrganisationNumber.Value, file.InitiatingParty.SchemeCode);
        xml.WriteEndElement();

        Account(xml, "DbtrAcct", file.Debtor.Account.Value);

        xml.WriteStartElement("DbtrAgt", Namespace);
        xml.WriteStartElement("FinInstnId", Namespace);
        Element(xml, "BICFI", file.Debtor.Agent.Value);
        xml.WriteEndElement();
        xml.WriteEndElement();

        Element(xml, "ChrgBr", ChargeBearer);

        foreach (var payment in file.Payments)
        {
            WriteTransaction(xml, payment);
        }

        xml.WriteEndElement();
    }

    private static void WriteTransaction(XmlWriter xml, Payment payment)
    {
        xml.WriteStartElement("CdtTrfTxInf", Namespace);

        xml.WriteStartElement("PmtId", Namespace);
        Element(xml, "InstrId", payment.EndToEndId);
        Element(xml, "EndToEndId", payment.EndToEndId);
        xml.WriteEndElement();

        xml.WriteStartElement("Amt", Namespace);
        xml.WriteStartElement("InstdAmt", Namespace);
        xml.WriteAttributeString("Ccy", "NOK");
        xml.WriteString(FormatAmount(payment.Amount));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("Cdtr", Namespace);
        Element(xml, "Nm", payment.CreditorName);
        xml.WriteEndElement();

        Account(xml, "CdtrAcct", payment.CreditorAccount.Value);

        if (!string.IsNullOrEmpty(payment.RemittanceText))
        {
            xml.WriteStartElement("RmtInf", Namespace);
            Element(xml, "Ustrd", payment.RemittanceText);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static decimal ControlSum(PaymentFile file) => file.Payments.Sum(p => p.Amount);

    private static void OrganisationId(XmlWriter xml, string id, string scheme)
    {
        xml.WriteStartElement("Id", Namespace);
        xml.WriteStartElement("OrgId", Namespace);
        xml.WriteStartElement("Othr", Namespace);
        Element(xml, "Id", id);
        xml.WriteStartElement("SchmeNm", Namespace);
        Element(xml, "Cd", scheme);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Account(XmlWriter xml, string name, string iban)
    {
        xml.WriteStartElement(name, Namespace);
        xml.WriteStartElement("Id", Namespace);
        Element(xml, "IBAN", iban);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(name, Namespace, value);
}
