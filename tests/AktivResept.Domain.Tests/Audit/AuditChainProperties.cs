using AktivResept.Domain.Audit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AktivResept.Domain.Tests.Audit;

/// <summary>
/// The audit log's hash chain: an untouched chain verifies, and changing, deleting or reordering any single row is
/// found at exactly that row's sequence number (issue 22, the tamper test).
/// </summary>
public class AuditChainTests
{
    [Fact]
    public void An_untouched_chain_verifies_and_ends_at_its_last_hash()
    {
        var links = AnAuditChain.Seal(AnAuditChain.Rows(5));

        var result = AuditChain.Verify(links);

        result.Intact.ShouldBeTrue();
        result.Verified.ShouldBe(5);
        result.LastHash.ShouldBe(links[^1].Hash);
    }

    [Fact]
    public void The_subjects_of_a_delivery_record_are_sealed_so_dropping_one_is_named_at_its_row()
    {
        var rows = AnAuditChain.Rows(4);
        rows[1] = rows[1] with { SubjectPersonIds = [Guid.Parse("00000000-0000-0000-0000-0000000000a1"), Guid.Parse("00000000-0000-0000-0000-0000000000a2")] };
        var links = AnAuditChain.Seal(rows);
        links[1] = links[1] with { Entry = links[1].Entry! with { SubjectPersonIds = [Guid.Parse("00000000-0000-0000-0000-0000000000a1")] } };

        var result = AuditChain.Verify(links);

        result.FirstBroken.ShouldBe(2);
        result.Break.ShouldBe(AuditBreak.Changed);
    }

    [Fact]
    public void A_row_naming_no_subject_list_hashes_as_rows_did_before_the_field()
    {
        var row = AnAuditChain.Rows(1)[0];

        System.Text.Encoding.UTF8.GetString(AuditChain.Canonical(1, row)).ShouldNotContain("subjects");
        AuditChain.Canonical(1, row with { SubjectPersonIds = [] }).ShouldNotBe(AuditChain.Canonical(1, row));
    }

    [Fact]
    public void A_changed_purpose_is_named_at_its_sequence_number()
    {
        var links = AnAuditChain.Seal(AnAuditChain.Rows(5));
        links[2] = links[2] with { Entry = links[2].Entry! with { Purpose = "curiosity" } };

        var result = AuditChain.Verify(links);

        result.FirstBroken.ShouldBe(3);
        result.Break.ShouldBe(AuditBreak.Changed);
        result.Verified.ShouldBe(2);
    }

    [Fact]
    public void Two_fields_that_trade_characters_do_not_hash_alike()
    {
        var entry = AnAuditChain.Rows(1)[0];

        AuditChain.Link(AuditChain.Genesis, 1, entry with { Actor = "ab", Role = "c" })
            .ShouldNotBe(AuditChain.Link(AuditChain.Genesis, 1, entry with { Actor = "a", Role = "bc" }));
        AuditChain.Link(AuditChain.Genesis, 1, entry with { Organisation = null })
            .ShouldNotBe(AuditChain.Link(AuditChain.Genesis, 1, entry with { Organisation = "" }));
    }

    [Fact]
    public void Instants_are_kept_to_the_microsecond_in_utc_whatever_the_offset()
    {
        var at = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);

        AuditChain.Instant(at).ShouldBe("2026-12-04T09:00:00.123456Z");
    }

    [Fact]
    public void A_checkpoint_verifies_only_with_its_key_and_unchanged()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var checkpoint = AuditCheckpoint.Create(7, AuditChain.Genesis, DateTimeOffset.UnixEpoch, key);

        checkpoint.IsSignedWith(key).ShouldBeTrue();
        checkpoint.IsSignedWith([.. key.Reverse()]).ShouldBeFalse();
        (checkpoint with { Sequence = 6 }).IsSignedWith(key).ShouldBeFalse();
        (checkpoint with { Hash = new string('1', 64) }).IsSignedWith(key).ShouldBeFalse();
    }
}

[Properties(MaxTest = 200)]
public class AuditChainProperties
{
    [Property]
    public Property Changing_any_one_field_of_any_row_is_named_at_that_row(PositiveInt count, NonNegativeInt which, NonNegativeInt field)
    {
        var rows = AnAuditChain.Rows(Math.Min(count.Get, 40));
        var links = AnAuditChain.Seal(rows);
        var index = which.Get % links.Length;
        links[index] = links[index] with { Entry = AnAuditChain.Tamper(links[index].Entry!, field.Get) };

        var result = AuditChain.Verify(links);

        return (result.FirstBroken == index + 1 && result.Break == AuditBreak.Changed).Label($"broken at {result.FirstBroken} ({result.Break}), changed {index + 1}");
    }

    [Property]
    public Property Deleting_any_row_is_named_at_that_row(PositiveInt count, NonNegativeInt which, bool withItsSeal)
    {
        var links = AnAuditChain.Seal(AnAuditChain.Rows(Math.Min(count.Get, 40))).ToList();
        var index = which.Get % links.Count;
        if (withItsSeal)
        {
            links.RemoveAt(index);
        }
        else
        {
            links[index] = links[index] with { Entry = null };
        }

        var result = AuditChain.Verify(links);

        // Removing the last row with its seal leaves a shorter chain that still verifies: that is what checkpoints catch.
        var expected = withItsSeal && index == links.Count ? (long?)null : index + 1;
        return (result.FirstBroken == expected).Label($"broken at {result.FirstBroken}, deleted {index + 1}");
    }

    [Property]
    public Property Swapping_any_two_rows_is_named_at_the_first(PositiveInt count, NonNegativeInt a, NonNegativeInt b)
    {
        var links = AnAuditChain.Seal(AnAuditChain.Rows(Math.Max(2, Math.Min(count.Get, 40))));
        var i = a.Get % links.Length;
        var j = b.Get % links.Length;
        if (i == j)
        {
            j = (i + 1) % links.Length;
        }

        // Reordering as a tamperer with table access would: the rows' contents trade places under their seals.
        (links[i], links[j]) = (links[i] with { Entry = links[j].Entry! with { Id = links[i].RecordId } }, links[j] with { Entry = links[i].Entry! with { Id = links[j].RecordId } });

        var result = AuditChain.Verify(links);

        return (result.FirstBroken == Math.Min(i, j) + 1).Label($"broken at {result.FirstBroken}, swapped {i + 1} and {j + 1}");
    }
}

internal static class AnAuditChain
{
    public static AuditEntry[] Rows(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new AuditEntry(
            100 + i, new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero).AddSeconds(i), $"sub-{i % 3}", "referrer", "987654321",
            i % 2 == 0 ? Guid.Parse($"00000000-0000-0000-0000-{i:D12}") : null, $"Prescription/{i}", "read", "treatment-follow-up", "Success",
            $"corr-{i % 4}", "Kari Lege", "123456789", "prescription"))];

    public static AuditLink[] Seal(IReadOnlyList<AuditEntry> rows)
    {
        var hash = AuditChain.Genesis;
        var links = new AuditLink[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            hash = AuditChain.Link(hash, i + 1, rows[i]);
            links[i] = new AuditLink(i + 1, rows[i].Id, rows[i], hash);
        }

        return links;
    }

    /// <summary>The row with one of its fields (picked by <paramref name="field"/>) changed.</summary>
    public static AuditEntry Tamper(AuditEntry e, int field) => (field % 14) switch
    {
        0 => e with { At = e.At.AddTicks(10) },
        1 => e with { Actor = e.Actor + "x" },
        2 => e with { Role = "payer" },
        3 => e with { Organisation = e.Organisation is null ? "123" : null },
        4 => e with { SubjectPersonId = e.SubjectPersonId is null ? Guid.Empty : null },
        5 => e with { Resource = e.Resource + "0" },
        6 => e with { Action = "update" },
        7 => e with { Purpose = "research" },
        8 => e with { Outcome = "Denied" },
        9 => e with { CorrelationId = e.CorrelationId + "1" },
        10 => e with { ActorName = null },
        11 => e with { ActorHpr = "999999999" },
        12 => e with { Category = "other" },
        _ => e with { Id = e.Id + 1000 },
    };
}
