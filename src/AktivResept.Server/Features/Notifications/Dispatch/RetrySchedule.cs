using System.Globalization;

namespace AktivResept.Server.Features.Notifications.Dispatch;

/// <summary>
/// Exponential backoff with jitter for outbound deliveries. Pure: the random draw is passed in, so the bounds can be
/// tested exhaustively. A delivery gets <see cref="MaxAttempts"/> tries (the first, then one per delay).
/// </summary>
public sealed class RetrySchedule
{
    public RetrySchedule(IReadOnlyList<TimeSpan> delays, double jitterFraction)
    {
        if (delays.Count == 0 || delays.Any(d => d <= TimeSpan.Zero))
        {
            throw new ArgumentException("The retry schedule needs at least one positive delay.", nameof(delays));
        }

        if (jitterFraction is < 0 or >= 1 || double.IsNaN(jitterFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(jitterFraction), "Jitter must be at least 0 and below 1.");
        }

        Delays = delays;
        JitterFraction = jitterFraction;
    }

    public IReadOnlyList<TimeSpan> Delays { get; }

    public double JitterFraction { get; }

    public int MaxAttempts => Delays.Count + 1;

    /// <summary>
    /// The wait after the <paramref name="attemptsSoFar"/>-th failed try, or null when that was the last try.
    /// <paramref name="random"/> is a uniform draw from [0, 1).
    /// </summary>
    public TimeSpan? DelayAfter(int attemptsSoFar, double random)
    {
        if (attemptsSoFar < 1 || attemptsSoFar >= MaxAttempts)
        {
            return null;
        }

        var baseDelay = Delays[attemptsSoFar - 1];
        var factor = 1 - JitterFraction + (2 * JitterFraction * Math.Clamp(random, 0, 1));
        return TimeSpan.FromTicks((long)(baseDelay.Ticks * factor));
    }

    public static RetrySchedule From(NotificationOptions options) => new(Parse(options.RetrySchedule), options.JitterFraction);

    /// <summary>Parses <c>5s,30s,2m,1h,1d</c> (a bare number is seconds).</summary>
    public static IReadOnlyList<TimeSpan> Parse(string schedule) =>
        schedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseOne).ToList();

    private static TimeSpan ParseOne(string text)
    {
        var unit = char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsLetter(text[^1]) ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new FormatException($"Notifications:RetrySchedule: '{text}' is not a delay like 30s, 2m, 1h or 1d.");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            _ => throw new FormatException($"Notifications:RetrySchedule: '{text}' has an unknown unit (use s, m, h or d)."),
        };
    }
}
