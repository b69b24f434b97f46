using InfantMassageAudit.Domain.Text;

namespace InfantMassageAudit.Domain;

/// <summary>Guards for the invariants every entity shares; forms validate first, these are the backstop.</summary>
internal static class Require
{
    public static string Text(string? value, int maxLength, string name)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ArgumentException($"{name} is required.", name);
        }

        if (trimmed.Length > maxLength)
        {
            throw new ArgumentException($"{name} must be {maxLength} characters or fewer.", name);
        }

        return FreeText.IsAcceptable(trimmed) ? trimmed : throw new ArgumentException($"{name} contains a control character.", name);
    }

    public static string? OptionalText(string? value, int maxLength, string name)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > maxLength
            ? throw new ArgumentException($"{name} must be {maxLength} characters or fewer.", name)
            : FreeText.IsAcceptable(trimmed) ? trimmed : throw new ArgumentException($"{name} contains a control character.", name);
    }

    public static int? OptionalRange(int? value, int min, int max, string name) =>
        value is null || (value >= min && value <= max)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
}
