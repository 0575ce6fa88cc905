using AktivResept.Domain.Calendar;
using Npgsql;
using NpgsqlTypes;

namespace AktivResept.Benchmarks;

/// <summary>What <see cref="ClaimsSeed"/> wrote: the bench providers and the row counts.</summary>
public sealed record ClaimsVolume(Guid[] ProviderIds, int Prescriptions, int People, int CandidateSessions, int CheckIns, int Trainers);

/// <summary>
/// A month of claimable attendance across many providers, written with binary <c>COPY</c> (what issue → send → accept
/// and attendance ingestion would have left behind): providers with one location each and their trainers (PT and
/// group-instructor certifications; one trainer in 200 lets them lapse mid-month), a municipal payer per municipality
/// with a contract (own tariffs, some with 30 % co-financing) with every provider in it, participants with benefit
/// periods (one in 20 state-funded ones ends mid-month), Active prescriptions (60 % state-, 40 % municipality-funded,
/// 2 or 3 sessions a week, a few starting mid-month), and the month's sessions: PT sessions registered by the trainer
/// (with the gym's door check-in the same day for 19 in 20), class attendance from the gym's webhook, 3 % no-shows.
/// </summary>
public static class ClaimsSeed
{
    private static readonly int[] TwoActivities = [0, 1];

    private static readonly (string Kommune, string Name, double Lat, double Lon)[] Municipalities =
    [
        ("0301", "Oslo", 59.91, 10.74), ("4601", "Bergen", 60.39, 5.32), ("5001", "Trondheim", 63.43, 10.40),
        ("1103", "Stavanger", 58.97, 5.73), ("3301", "Drammen", 59.74, 10.20), ("4204", "Kristiansand", 58.15, 8.00),
        ("5501", "Tromsø", 69.65, 18.96), ("3107", "Fredrikstad", 59.22, 10.93), ("1804", "Bodø", 67.28, 14.40),
        ("3907", "Sandefjord", 59.13, 10.22),
    ];

    private const int TrainersPerProvider = 5;

    public static async Task<ClaimsVolume> SeedAsync(NpgsqlDataSource dataSource, DateOnly month, int providers, int prescriptions, int sessions)
    {
        var random = new Random(20261124);
        var now = DateTimeOffset.UtcNow;
        var days = month.AddMonths(1).DayNumber - month.DayNumber;
        var yearStart = new DateOnly(month.Year, 1, 1);
        await using var connection = await dataSource.OpenConnectionAsync();
        var referrerId = (Guid)(await new NpgsqlCommand("""SELECT "Id" FROM "Referrers" ORDER BY "Id" LIMIT 1""", connection).ExecuteScalarAsync())!;

        // Payers: the demo already has the state and Oslo; one per other municipality.
        var payerByKommune = new Dictionary<string, Guid>();
        await using (var reader = await new NpgsqlCommand("""SELECT "Kommunenummer", "Id" FROM "Payers" WHERE "Kommunenummer" IS NOT NULL""", connection).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                payerByKommune[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            """COPY "Payers" ("Id", "Kind", "Name", "OrganisationNumber", "Kommunenummer", "AccountIban", "Bic") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var m = 0; m < Municipalities.Length; m++)
            {
                var (kommune, name, _, _) = Municipalities[m];
                if (payerByKommune.ContainsKey(kommune))
                {
                    continue;
                }

                var id = Guid.CreateVersion7();
                payerByKommune[kommune] = id;
                import.StartRow();
                import.Write(id, NpgsqlDbType.Uuid);
                import.Write("Municipality", NpgsqlDbType.Varchar);
                import.Write($"{name} kommune", NpgsqlDbType.Varchar);
                import.Write($"97000{m:D4}", NpgsqlDbType.Varchar);
                import.Write(kommune, NpgsqlDbType.Varchar);
                import.Write("NO8415030000118", NpgsqlDbType.Varchar);
                import.Write("DNBANOKK", NpgsqlDbType.Varchar);
            }

            await import.CompleteAsync();
        }

        // Providers, one location each, trainers with certifications, a contract with the home municipality.
        var providerIds = new Guid[providers];
        var locationIds = new Guid[providers];
        var providerKommune = new int[providers];
        var trainerIds = new Guid[providers * TrainersPerProvider];
        await using (var import = await connection.BeginBinaryImportAsync(
            """COPY "Providers" ("Id", "OrganisationNumber", "Name", "AccountNumber") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var p = 0; p < providers; p++)
            {
                providerIds[p] = Guid.CreateVersion7();
                locationIds[p] = Guid.CreateVersion7();
                providerKommune[p] = p % Municipalities.Length;
                import.StartRow();
                import.Write(providerIds[p], NpgsqlDbType.Uuid);
                import.Write($"8{p:D8}", NpgsqlDbType.Varchar);
                import.Write($"Bench Trening {p} AS", NpgsqlDbType.Varchar);
                import.Write($"1503{p:D7}", NpgsqlDbType.Varchar);
            }

            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "Locations" ("Id", "ProviderId", "Name", "Address", "Kommunenummer", "Latitude", "Longitude", "OpeningHours", "AccessibilityFeatures", "Capacity")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var p = 0; p < providers; p++)
            {
                var (kommune, name, lat, lon) = Municipalities[providerKommune[p]];
                import.StartRow();
                import.Write(locationIds[p], NpgsqlDbType.Uuid);
                import.Write(providerIds[p], NpgsqlDbType.Uuid);
                import.Write($"Bench Trening {p}", NpgsqlDbType.Varchar);
                import.Write($"Storgata {p % 200 + 1}, {name}", NpgsqlDbType.Varchar);
                import.Write(kommune, NpgsqlDbType.Varchar);
                import.Write(lat + (random.NextDouble() / 10), NpgsqlDbType.Double);
                import.Write(lon + (random.NextDouble() / 10), NpgsqlDbType.Double);
                import.Write("Mo-Fr 06:00-22:00; Sa-Su 08:00-18:00", NpgsqlDbType.Varchar);
                import.Write(TwoActivities, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                import.Write(500, NpgsqlDbType.Integer);
            }

            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync("""COPY "Trainers" ("Id", "Name", "NationalIdHash") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var t = 0; t < trainerIds.Length; t++)
            {
                trainerIds[t] = Guid.CreateVersion7();
                import.StartRow();
                import.Write(trainerIds[t], NpgsqlDbType.Uuid);
                import.Write($"Trener {t}", NpgsqlDbType.Varchar);
                import.Write(Hash64(), NpgsqlDbType.Varchar);
            }

            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            """COPY "TrainerCertifications" ("Id", "TrainerId", "Kind", "Issuer", "ValidFrom", "ValidTo") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var t = 0; t < trainerIds.Length; t++)
            {
                // One trainer in 200 lets the certifications lapse mid-month: later sessions are refused.
                var validTo = t % 200 == 7 ? month.AddDays(14) : month.AddYears(2);
                foreach (var kind in new[] { "PersonalTrainer", "GroupInstructor" })
                {
                    import.StartRow();
                    import.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    import.Write(trainerIds[t], NpgsqlDbType.Uuid);
                    import.Write(kind, NpgsqlDbType.Varchar);
                    import.Write("Norges Treningssenterforbund", NpgsqlDbType.Varchar);
                    import.Write(month.AddYears(-3), NpgsqlDbType.Date);
                    import.Write(validTo, NpgsqlDbType.Date);
                }
            }

            await import.CompleteAsync();
        }

        var contractIds = new Guid[providers];
        await using (var import = await connection.BeginBinaryImportAsync(
            """COPY "Contracts" ("Id", "PayerId", "ProviderId", "Name", "Status", "StatusChangedAt", "StatusChangedBy", "ValidFrom", "ValidTo", "CreatedAt", "CreatedBy") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var p = 0; p < providers; p++)
            {
                contractIds[p] = Guid.CreateVersion7();
                import.StartRow();
                import.Write(contractIds[p], NpgsqlDbType.Uuid);
                import.Write(payerByKommune[Municipalities[providerKommune[p]].Kommune], NpgsqlDbType.Uuid);
                import.Write(providerIds[p], NpgsqlDbType.Uuid);
                import.Write($"Tjenestekonsesjon Bench Trening {p}", NpgsqlDbType.Varchar);
                import.Write("Active", NpgsqlDbType.Varchar);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write("bench", NpgsqlDbType.Varchar);
                import.Write(yearStart, NpgsqlDbType.Date);
                import.WriteNull();
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write("bench", NpgsqlDbType.Varchar);
            }

            await import.CompleteAsync();
        }

        // The co-financing share is the active version's (one version 1 per contract, open-ended).
        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "ContractVersions" ("Id", "ContractId", "Number", "Status", "ValidFrom", "ValidTo", "CoFinancingShare", "CreatedAt", "CreatedBy", "ActivatedAt", "ActivatedBy", "ContentActivityTypes")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var p = 0; p < providers; p++)
            {
                import.StartRow();
                import.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                import.Write(contractIds[p], NpgsqlDbType.Uuid);
                import.Write(1, NpgsqlDbType.Integer);
                import.Write("Active", NpgsqlDbType.Varchar);
                import.Write(yearStart, NpgsqlDbType.Date);
                import.WriteNull();
                import.Write(p % 3 == 0 ? 0.30m : 0m, NpgsqlDbType.Numeric);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write("bench", NpgsqlDbType.Varchar);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write("bench", NpgsqlDbType.Varchar);
                import.Write(Array.Empty<int>(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }

            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "Tariffs" ("Id", "ContractId", "Service", "Price", "Copay", "ValidFrom", "ValidTo", "CopayExemptBenefits", "CreatedAt", "CreatedBy")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var p = 0; p < providers; p++)
            {
                foreach (var (service, price, copay) in new[] { ("PtSession", 520m, 40m), ("GroupSession", 180m, 0m) })
                {
                    import.StartRow();
                    import.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    import.Write(contractIds[p], NpgsqlDbType.Uuid);
                    import.Write(service, NpgsqlDbType.Varchar);
                    import.Write(price, NpgsqlDbType.Numeric);
                    import.Write(copay, NpgsqlDbType.Numeric);
                    import.Write(yearStart, NpgsqlDbType.Date);
                    import.WriteNull();
                    import.Write(Array.Empty<int>(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    import.Write(now, NpgsqlDbType.TimestampTz);
                    import.Write("bench", NpgsqlDbType.Varchar);
                }
            }

            await import.CompleteAsync();
        }

        // Participants and their prescriptions, one each; prescription i goes to provider i % providers, and its attributes
        // vary with i / providers, so that every provider gets the same mix.
        var personIds = new Guid[prescriptions];
        var hashes = new string[prescriptions];
        var stateFunded = new bool[prescriptions];
        var rxIds = new Guid[prescriptions];
        var rxProvider = new int[prescriptions];
        var rxTrainer = new Guid[prescriptions];
        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "People" ("Id", "NationalIdCipher", "NationalIdHash", "GivenName", "FamilyName", "BirthDate", "Kommunenummer", "AccessibilityNeeds")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var cipher = new byte[48];
            for (var i = 0; i < prescriptions; i++)
            {
                personIds[i] = Guid.CreateVersion7();
                hashes[i] = Hash64();
                stateFunded[i] = i / providers % 5 < 3;
                rxProvider[i] = i % providers;
                random.NextBytes(cipher);
                import.StartRow();
                import.Write(personIds[i], NpgsqlDbType.Uuid);
                import.Write(cipher, NpgsqlDbType.Bytea);
                import.Write(hashes[i], NpgsqlDbType.Varchar);
                import.Write("Deltaker", NpgsqlDbType.Varchar);
                import.Write($"Nummer {i}", NpgsqlDbType.Varchar);
                import.Write(new DateOnly(1960, 1, 1).AddDays(random.Next(15_000)), NpgsqlDbType.Date);
                // Municipality-funded participants live where their gym is; their municipality pays.
                import.Write(Municipalities[providerKommune[rxProvider[i]]].Kommune, NpgsqlDbType.Varchar);
                import.Write(Array.Empty<int>(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }

            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            """COPY "BenefitPeriods" ("NationalIdHash", "Kind", "From", "To", "Source") FROM STDIN (FORMAT BINARY)"""))
        {
            string[] kinds = ["SicknessBenefit", "WorkAssessmentAllowance", "DisabilityBenefit", "TransitionalBenefit", "UnemploymentBenefit", "SocialAssistance"];
            for (var i = 0; i < prescriptions; i++)
            {
                if (!stateFunded[i])
                {
                    continue;
                }

                import.StartRow();
                import.Write(hashes[i], NpgsqlDbType.Varchar);
                import.Write(kinds[i % kinds.Length], NpgsqlDbType.Varchar);
                import.Write(month.AddMonths(-6), NpgsqlDbType.Date);
                // One in 20 ends mid-month: the sessions after it are refused (no active benefit).
                if (i / providers % 20 == 1)
                {
                    import.Write(month.AddDays(5 + (i % 15)), NpgsqlDbType.Date);
                }
                else
                {
                    import.Write(month.AddYears(1), NpgsqlDbType.Date);
                }

                import.Write("bench", NpgsqlDbType.Varchar);
            }

            await import.CompleteAsync();
        }

        var sessionsPerWeek = new int[prescriptions];
        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "Prescriptions" ("Id", "ParticipantId", "ReferrerId", "ProviderId", "LocationId", "TrainerId", "Status", "ReasonCode", "ReasonText", "Goals",
                "ActivityTypes", "SessionsPerWeek", "MinutesPerSession", "StartDate", "DurationWeeks", "ConfirmationIntervalWeeks", "Funding",
                "CreatedAt", "IssuedAt", "SentAt", "Version")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < prescriptions; i++)
            {
                rxIds[i] = Guid.CreateVersion7();
                var p = rxProvider[i];
                rxTrainer[i] = trainerIds[(p * TrainersPerProvider) + (i / providers % TrainersPerProvider)];
                sessionsPerWeek[i] = i / providers % 10 == 3 ? 2 : 3;
                // Mostly started weeks before the month; one in 40 starts on the 10th (earlier sessions are refused).
                var start = i / providers % 40 == 5 ? month.AddDays(9) : month.AddDays(-7 * (1 + (i / providers % 8)));
                import.StartRow();
                import.Write(rxIds[i], NpgsqlDbType.Uuid);
                import.Write(personIds[i], NpgsqlDbType.Uuid);
                import.Write(referrerId, NpgsqlDbType.Uuid);
                import.Write(providerIds[p], NpgsqlDbType.Uuid);
                import.Write(locationIds[p], NpgsqlDbType.Uuid);
                import.Write(rxTrainer[i], NpgsqlDbType.Uuid);
                import.Write("Active", NpgsqlDbType.Varchar);
                import.Write("L84", NpgsqlDbType.Varchar);
                import.Write("Ryggsmerter", NpgsqlDbType.Varchar);
                import.Write("Styrke rygg og mage", NpgsqlDbType.Varchar);
                import.Write(TwoActivities, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                import.Write(sessionsPerWeek[i], NpgsqlDbType.Integer);
                import.Write(60, NpgsqlDbType.Integer);
                import.Write(start, NpgsqlDbType.Date);
                import.Write(16, NpgsqlDbType.Integer);
                import.Write(4, NpgsqlDbType.Integer);
                import.Write(stateFunded[i] ? "StateReimbursed" : "Municipality", NpgsqlDbType.Varchar);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write(now, NpgsqlDbType.TimestampTz);
                import.Write(4, NpgsqlDbType.Integer);
            }

            await import.CompleteAsync();
        }

        // The month's sessions: n per prescription (sessions / prescriptions, the remainder spread), evenly over the days.
        // Half the prescriptions train with their PT (registered by the trainer, the gym's door check-in the same day for
        // 19 in 20); the others attend classes (the gym's webhook, no trainer on the event: the assigned trainer stands in).
        var integrationIds = providerIds.Select(_ => Guid.CreateVersion7()).ToArray();
        var dayStarts = Enumerable.Range(0, days).Select(d => OsloCalendar.StartOf(month.AddDays(d))).ToArray();
        var candidates = 0;
        var checkIns = 0;
        await using (var import = await connection.BeginBinaryImportAsync(
            """
            COPY "AttendanceRecords" ("Id", "ProviderId", "Source", "SourceId", "ExternalId", "Kind", "OccurredAt", "LocationId", "MemberRef",
                "ParticipantId", "PrescriptionId", "TrainerId", "DurationMinutes", "ReceivedAt", "Reconciliation")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var perPrescription = sessions / prescriptions;
            var remainder = sessions % prescriptions;
            for (var i = 0; i < prescriptions; i++)
            {
                var p = rxProvider[i];
                var n = perPrescription + (i < remainder ? 1 : 0);
                var pt = i / providers % 2 == 0;
                var hour = 7 + (i % 13);
                for (var k = 0; k < n; k++)
                {
                    var day = (int)((k + 0.5) * days / n);
                    var at = dayStarts[day].AddHours(hour);
                    var noShow = (i + (k * 7)) % 33 == 0;
                    var kind = noShow ? "NoShow" : pt ? "PtSession" : "ClassAttendance";
                    WriteAttendance(import, providerIds[p], pt ? "Trainer" : "Webhook", pt ? rxTrainer[i] : integrationIds[p], $"{i}-{k}", kind, at,
                        locationIds[p], pt ? null : $"m{i}", personIds[i], rxIds[i], pt ? rxTrainer[i] : null, now, k % 50 == 49 ? "Linked" : "Matched");
                    candidates++;
                    if (pt && !noShow && (i + k) % 20 != 0)
                    {
                        WriteAttendance(import, providerIds[p], "Webhook", integrationIds[p], $"c{i}-{k}", "CheckIn", at.AddMinutes(-10),
                            locationIds[p], $"m{i}", personIds[i], rxIds[i], null, now, "Matched");
                        checkIns++;
                    }
                }

                if (i % 10_000 == 9_999)
                {
                    Console.Error.Write($"\rseeded attendance for {i + 1:N0} prescriptions");
                }
            }

            await import.CompleteAsync();
            Console.Error.WriteLine();
        }

        await AttendanceEventKeysSeed.AddAsync(dataSource);
        return new ClaimsVolume(providerIds, prescriptions, prescriptions, candidates, checkIns, trainerIds.Length);
    }

    private static void WriteAttendance(NpgsqlBinaryImporter import, Guid providerId, string source, Guid sourceId, string externalId, string kind,
        DateTimeOffset at, Guid locationId, string? memberRef, Guid participantId, Guid prescriptionId, Guid? trainerId, DateTimeOffset received, string reconciliation)
    {
        import.StartRow();
        import.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
        import.Write(providerId, NpgsqlDbType.Uuid);
        import.Write(source, NpgsqlDbType.Varchar);
        import.Write(sourceId, NpgsqlDbType.Uuid);
        import.Write(externalId, NpgsqlDbType.Varchar);
        import.Write(kind, NpgsqlDbType.Varchar);
        import.Write(at, NpgsqlDbType.TimestampTz);
        import.Write(locationId, NpgsqlDbType.Uuid);
        if (memberRef is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(memberRef, NpgsqlDbType.Varchar);
        }

        import.Write(participantId, NpgsqlDbType.Uuid);
        import.Write(prescriptionId, NpgsqlDbType.Uuid);
        if (trainerId is { } trainer)
        {
            import.Write(trainer, NpgsqlDbType.Uuid);
        }
        else
        {
            import.WriteNull();
        }

        import.Write(60, NpgsqlDbType.Integer);
        import.Write(received, NpgsqlDbType.TimestampTz);
        import.Write(reconciliation, NpgsqlDbType.Varchar);
    }

    private static string Hash64() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A year of paid claim headers per provider and municipal payer before the measured month, as production has: with
    /// an empty <c>Claims</c> table at ANALYZE the planner keeps a sequential-scan plan for the foreign-key check of
    /// every copied line (60 µs a line as the table fills), which no deployment past its first month would see.
    /// </summary>
    public static async Task HistoryAsync(NpgsqlDataSource dataSource, DateOnly month)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO "Claims" ("Id", "ProviderId", "PayerId", "Month", "Sequence", "Status", "CreatedAt", "UpdatedAt", "SubmittedAt", "DecidedAt", "PaidAt",
                "TotalTariff", "TotalPublicShare", "TotalCopay", "TotalCoFinancing", "ApprovedPublicShare", "PricedLines", "RefusedLines", "Version")
            SELECT gen_random_uuid(), pr."Id", pa."Id", ($1::date - make_interval(months => k))::date, 0, 'Paid', now(), now(), now(), now(), now(),
                0, 0, 0, 0, 0, 0, 0, 1
            FROM "Providers" pr
            JOIN "Locations" l ON l."ProviderId" = pr."Id"
            JOIN "Payers" pa ON pa."Kind" = 'State' OR pa."Kommunenummer" = l."Kommunenummer"
            CROSS JOIN generate_series(1, 12) AS k
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = month });
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Statistics and visibility map current, and the dirty pages written, so the measured run is not charged for the seeding.</summary>
    public static async Task SettleAsync(NpgsqlDataSource dataSource)
    {
        foreach (var sql in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
        {
            await using var command = dataSource.CreateCommand(sql);
            command.CommandTimeout = 900;
            await command.ExecuteNonQueryAsync();
        }
    }
}
