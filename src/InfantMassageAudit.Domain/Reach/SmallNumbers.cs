namespace InfantMassageAudit.Domain.Reach;

/// <summary>How a count may be shown to people outside the programme's own organisation.</summary>
public enum Disclosure
{
    /// <summary>Shown as it is (0, or 5 and over).</summary>
    Shown,

    /// <summary>1 to 4: shown as "fewer than 5", as NHS statistics do, so no family can be recognised.</summary>
    FewerThanFive,

    /// <summary>5 or more, but withheld because, with the total, it would give away a small number by subtraction.</summary>
    Withheld,
}

/// <summary>A count as it may be shown beyond the programme's own people.</summary>
public readonly record struct DisclosedCount(int Value, Disclosure Disclosure)
{
    public const string FewerThanFiveText = "fewer than 5";
    public const string WithheldText = "withheld";

    public bool IsShown => Disclosure == Disclosure.Shown;

    /// <summary>The value when shown, else null: what exports write in the number's place.</summary>
    public int? ShownValue => IsShown ? Value : null;

    /// <summary>"12", "fewer than 5", or "withheld".</summary>
    public string Text => Disclosure switch
    {
        Disclosure.Shown => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Disclosure.FewerThanFive => FewerThanFiveText,
        _ => WithheldText,
    };

    public static DisclosedCount Unsuppressed(int value) => new(value, Disclosure.Shown);
}

/// <summary>
/// Small-number suppression (NHS statistical practice): counts of 1 to 4 are shown as "fewer than 5"; and where
/// parts add up to a shown total, more cells are withheld until no hidden cell can be worked out by subtraction.
/// </summary>
public static class SmallNumbers
{
    public const int Threshold = 5;

    public static DisclosedCount Disclose(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(count, count is > 0 and < Threshold ? Disclosure.FewerThanFive : Disclosure.Shown);
    }

    /// <summary>
    /// A total and parts that add up to it (each dyad in exactly one part, such as invitation routes). Counts of 1–4
    /// are suppressed; then, while any hidden part could be recovered exactly from the total and the shown parts
    /// (one hidden part; or hidden parts whose sum forces their values, such as two cells known to be 1–4 adding to 8),
    /// the smallest shown non-zero part is withheld too, and when none is left, the total.
    /// </summary>
    public static (DisclosedCount Total, IReadOnlyList<DisclosedCount> Parts) DisclosePartition(int total, IReadOnlyList<int> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (parts.Any(p => p < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(parts), "Counts cannot be negative.");
        }

        if (parts.Sum() != total)
        {
            throw new ArgumentException($"The parts add up to {parts.Sum()}, not the total {total}.", nameof(parts));
        }

        var disclosed = parts.Select(Disclose).ToArray();
        var totalDisclosed = Disclose(total);
        while (totalDisclosed.IsShown && AnyHiddenPartRecoverable(total, disclosed))
        {
            var next = Enumerable.Range(0, disclosed.Length)
                .Where(i => disclosed[i].IsShown && disclosed[i].Value > 0)
                .OrderBy(i => disclosed[i].Value).ThenBy(i => i)
                .Select(i => (int?)i).FirstOrDefault();
            if (next is { } index)
            {
                disclosed[index] = disclosed[index] with { Disclosure = Disclosure.Withheld };
            }
            else
            {
                totalDisclosed = totalDisclosed with { Disclosure = Disclosure.Withheld };
            }
        }

        return (totalDisclosed, disclosed);
    }

    /// <summary>
    /// Whether a reader who knows the total, the shown parts and what each hidden kind means (1–4, or 5 and over)
    /// can pin any hidden part to one value: its feasible range, given the others' ranges, is a single number.
    /// </summary>
    private static bool AnyHiddenPartRecoverable(int total, IReadOnlyList<DisclosedCount> parts)
    {
        var hidden = parts.Where(p => !p.IsShown).ToList();
        if (hidden.Count == 0)
        {
            return false;
        }

        var hiddenSum = total - parts.Where(p => p.IsShown).Sum(p => p.Value);
        var lows = hidden.Select(p => p.Disclosure == Disclosure.FewerThanFive ? 1L : Threshold).ToList();
        var highs = hidden.Select(p => p.Disclosure == Disclosure.FewerThanFive ? Threshold - 1L : long.MaxValue / 4).ToList();
        var lowSum = lows.Sum();
        var highSum = highs.Sum();
        for (var i = 0; i < hidden.Count; i++)
        {
            var least = Math.Max(lows[i], hiddenSum - (highSum - highs[i]));
            var most = Math.Min(highs[i], hiddenSum - (lowSum - lows[i]));
            if (least == most)
            {
                return true;
            }
        }

        return false;
    }
}
