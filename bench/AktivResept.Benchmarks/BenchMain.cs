namespace AktivResept.Benchmarks;

/// <summary>
/// bench/run.sh [scenario] [options]: <c>referral</c> (default; FHIR create and search), <c>attendance</c> (signed
/// webhook ingestion next to a raw COPY), <c>adherence</c> (full recomputation), <c>dispatch</c> (notification delivery
/// to a local receiver), or <c>attendance-suite</c> (those three with their defaults, one after the other on the same
/// cluster), or <c>claims</c> (a month's claim generation for many providers next to a raw read and COPY), or <c>kpi</c>
/// (every contract's KPI evaluation over three years of attendance next to one raw SQL aggregation, and dashboard reads), or <c>booking</c> («Aktiv på dagtid» bookings against 2,000 sessions, with a capacity check afterwards), or <c>health-account</c> (one municipality's three-year health account next to a raw SQL aggregation, then all 356 municipalities). Each prints a markdown table for docs/benchmarks.md.
/// <c>micro</c> runs the BenchmarkDotNet micro-benchmarks (<see cref="MicroBenchmarks"/>), which need no database.
/// </summary>
internal static class BenchMain
{
    public static async Task Main(string[] args)
    {
        try
        {
            await RunAsync(args);
        }
        finally
        {
            await BenchDatabase.DropCreatedAsync();
        }
    }

    private static Task RunAsync(string[] args)
    {
        var scenario = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "referral";
        var rest = scenario == "referral" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args[1..];
        return scenario switch
        {
            "referral" => LoadDriver.RunAsync(rest),
            "attendance" => AttendanceDriver.RunAsync(rest),
            "adherence" => AdherenceDriver.RunAsync(rest),
            "dispatch" => DispatchDriver.RunAsync(rest),
            "claims" => ClaimsDriver.RunAsync(rest),
            "kpi" => KpiDriver.RunAsync(rest),
            "booking" => BookingDriver.RunAsync(rest),
            "timetable" => TimetableDriver.RunAsync(rest),
            "health-account" => HealthAccountDriver.RunAsync(rest),
            "research-export" => ResearchExportDriver.RunAsync(rest),
            "warm-start" => WarmStartDriver.RunAsync(rest),
            "attendance-suite" => SuiteAsync(),
            "micro" => Task.Run(() => MicroBenchmarks.Run(rest)),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}': use referral, attendance, adherence, dispatch, attendance-suite, claims, kpi, booking, timetable, health-account, research-export, warm-start or micro."),
        };
    }

    private static async Task SuiteAsync()
    {
        await AttendanceDriver.RunAsync([]);
        await AdherenceDriver.RunAsync([]);
        await DispatchDriver.RunAsync([]);
    }
}
