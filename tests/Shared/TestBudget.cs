namespace AktivResept.Testing;

/// <summary>
/// Generous but finite time budgets for the long-running test kinds (two nodes at once, crash recovery, drills), so a
/// test that would hang fails with a clear message instead of eating the suite's time. They bound a loaded machine,
/// they never assert speed; ./test.sh's --blame-hang-timeout is the last resort behind them.
/// </summary>
public static class TestBudget
{
    /// <summary>Work raced on two app instances against one database.</summary>
    public static readonly TimeSpan TwoNodes = TimeSpan.FromMinutes(3);

    /// <summary>Two server processes started one after the other behind nginx, then driven through it (issue 19).</summary>
    public static readonly TimeSpan ProxiedNodes = TimeSpan.FromMinutes(6);

    /// <summary>A server process started, loaded, killed, restarted and drained.</summary>
    public static readonly TimeSpan CrashRecovery = TimeSpan.FromMinutes(8);

    /// <summary>Waits for <paramref name="work"/>, failing with a <see cref="TimeoutException"/> if the budget is spent first.</summary>
    public static async Task Within(this Task work, TimeSpan budget)
    {
        try
        {
            await work.WaitAsync(budget);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            throw new TimeoutException($"Not finished within its test budget of {budget}; see TestBudget.");
        }
    }

    /// <summary>Waits for <paramref name="work"/>, failing with a <see cref="TimeoutException"/> if the budget is spent first.</summary>
    public static async Task<T> Within<T>(this Task<T> work, TimeSpan budget)
    {
        try
        {
            return await work.WaitAsync(budget);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            throw new TimeoutException($"Not finished within its test budget of {budget}; see TestBudget.");
        }
    }
}
