using System.Diagnostics;

namespace InfantMassageAudit.Benchmarks;

/// <summary>One measured series: each operation's latency, and the wall time of the whole series.</summary>
internal sealed class Series
{
    private readonly double[] _sorted;

    public Series(string name, int concurrency, IReadOnlyCollection<double> milliseconds, TimeSpan wall)
    {
        Name = name;
        Concurrency = concurrency;
        Wall = wall;
        _sorted = [.. milliseconds.Order()];
    }

    public string Name { get; }

    public int Concurrency { get; }

    public TimeSpan Wall { get; }

    public int Count => _sorted.Length;

    public double Median => _sorted.Length % 2 == 1
        ? _sorted[_sorted.Length / 2]
        : (_sorted[(_sorted.Length / 2) - 1] + _sorted[_sorted.Length / 2]) / 2;

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p) => _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    /// <summary>Operations completed per minute of wall time (all workers together).</summary>
    public double PerMinute => Count / Wall.TotalMinutes;

    /// <summary>
    /// Runs <paramref name="count"/> operations on <paramref name="concurrency"/> loops that share one counter,
    /// so the total is fixed whatever the split.
    /// </summary>
    public static async Task<Series> MeasureAsync(string name, int count, int concurrency, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var samples = new double[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(cancellationToken);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        return new Series(name, concurrency, samples, Stopwatch.GetElapsedTime(started));
    }

    public static async Task<double> TimeOnceAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await operation(cancellationToken);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
