using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace InfantMassageAudit.Domain.Mechanisms;

/// <summary>One of the fifteen mechanisms of change, M1 to M15.</summary>
public readonly record struct MechanismId : IComparable<MechanismId>
{
    public const int First = 1;
    public const int Last = 15;

    public MechanismId(int number)
    {
        if (number is < First or > Last)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, $"A mechanism number runs from {First} to {Last}.");
        }

        Number = number;
    }

    public int Number { get; }

    public string Code => "M" + Number.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<MechanismId> All => Enumerable.Range(First, Last - First + 1).Select(n => new MechanismId(n));

    /// <summary>Accepts "M4" or "m4" (the codes used on screen and in exports); nothing else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? code, out MechanismId id)
    {
        id = default;
        if (code is null || code.Length is < 2 or > 3 || (code[0] != 'M' && code[0] != 'm'))
        {
            return false;
        }

        if (!int.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < First or > Last
            || code[1] == '0')
        {
            return false;
        }

        id = new MechanismId(number);
        return true;
    }

    public static MechanismId Parse(string code) =>
        TryParse(code, out var id) ? id : throw new FormatException($"'{code}' is not a mechanism code (M1 to M15).");

    public int CompareTo(MechanismId other) => Number.CompareTo(other.Number);

    public static bool operator <(MechanismId left, MechanismId right) => left.Number < right.Number;

    public static bool operator <=(MechanismId left, MechanismId right) => left.Number <= right.Number;

    public static bool operator >(MechanismId left, MechanismId right) => left.Number > right.Number;

    public static bool operator >=(MechanismId left, MechanismId right) => left.Number >= right.Number;

    public override string ToString() => Code;
}
