using System.Globalization;
using System.Text;
using AktivResept.Domain.Identifiers;
using AktivResept.Server.Features.Payments;

namespace AktivResept.Server.Tests.Payments;

public class RemittanceCsvWriterTests
{
    private static readonly Guid Claim = Guid.Parse("0195f0a1-0000-7000-8000-000000000001");
    private static readonly Guid LineA = Guid.Parse("0195f0a1-0000-7000-8000-00000000000a");
    private static readonly Guid LineB = Guid.Parse("0195f0a1-0000-7000-8000-00000000000b");

    private static RemittanceRow Row(Guid line, string provider, string serviceType, decimal amount) =>
        new("AR-P-0001", OrganisationNumber.Parse("974760673"), provider, Claim, line, new DateOnly(2026, 3, 5), serviceType, amount);

    [Fact]
    public void One_row_per_claim_line_under_a_header_with_invariant_amounts_and_iso_dates()
    {
        var csv = Csv(Row(LineA, "Sats Norge AS", "group-session", 250m), Row(LineB, "Sats Norge AS", "gym-visit", 0.5m));

        csv.ShouldBe(
            "payment_end_to_end_id,provider_organisation_number,provider_name,claim_id,line_id,service_date,service_type,amount\r\n" +
            $"AR-P-0001,974760673,Sats Norge AS,{Claim},{LineA},2026-03-05,group-session,250.00\r\n" +
            $"AR-P-0001,974760673,Sats Norge AS,{Claim},{LineB},2026-03-05,gym-visit,0.50\r\n");
    }

    [Fact]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted_per_rfc_4180()
    {
        var csv = Csv(Row(LineA, "Trening, \"Helse\" &\r\nVelvære AS", "gym-visit", 1m));

        var line = csv.Split("\r\n")[1];
        csv.ShouldContain(",\"Trening, \"\"Helse\"\" &\r\nVelvære AS\",");
        line.ShouldStartWith("AR-P-0001,974760673,\"Trening, \"\"Helse\"\" &");
        ReadFields(csv).Last()[2].ShouldBe("Trening, \"Helse\" &\r\nVelvære AS");
        ReadFields(csv).Last().Length.ShouldBe(8);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Klikk\")")]
    [InlineData("+47 cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void A_provider_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string hostile)
    {
        var csv = Csv(Row(LineA, hostile, "gym-visit", 1m));

        ReadFields(csv).Last()[2].ShouldBe("'" + hostile);
    }

    [Fact]
    public void A_service_type_starting_with_a_formula_character_is_written_as_text()
    {
        ReadFields(Csv(Row(LineA, "Sats", "=1+1", 1m))).Last()[6].ShouldBe("'=1+1");
    }

    [Fact]
    public void A_credit_line_keeps_its_negative_amount_numeric()
    {
        var fields = ReadFields(Csv(Row(LineA, "Sats", "gym-visit", -150m))).Last();

        fields[7].ShouldBe("-150.00");
    }

    [Fact]
    public void Ordinary_text_is_left_as_it_is()
    {
        ReadFields(Csv(Row(LineA, "Sats Norge AS - Majorstuen", "gym-visit", 1m))).Last()[2].ShouldBe("Sats Norge AS - Majorstuen");
    }

    [Fact]
    public void Amounts_are_invariant_whatever_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("nb-NO");

            Csv(Row(LineA, "Sats", "gym-visit", 1234.5m)).ShouldEndWith(",1234.50\r\n");
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void The_bytes_are_utf8_without_a_byte_order_mark()
    {
        var bytes = RemittanceCsvWriter.ToBytes([Row(LineA, "Bærum Øst Å", "gym-visit", 1m)]);

        bytes[0].ShouldBe((byte)'p');
        Encoding.UTF8.GetString(bytes).ShouldContain("Bærum Øst Å");
    }

    [Fact]
    public void No_lines_gives_only_the_header()
    {
        Csv().ShouldBe(string.Join(',', RemittanceCsvWriter.Header) + "\r\n");
    }

    [Fact]
    public void An_amount_finer_than_ore_is_a_caller_bug_and_throws()
    {
        Should.Throw<ArgumentException>(() => Csv(Row(LineA, "Sats", "gym-visit", 1.005m)));
    }

    private static string Csv(params RemittanceRow[] rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        RemittanceCsvWriter.Write(rows, writer);
        return writer.ToString();
    }

    /// <summary>A minimal RFC 4180 reader, to show the quoting parses back to the original fields.</summary>
    private static List<string[]> ReadFields(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }
}
