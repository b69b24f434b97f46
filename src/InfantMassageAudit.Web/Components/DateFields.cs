using System.Globalization;

namespace InfantMassageAudit.Web.Components;

/// <summary>Reads the day, month and year fields of an NHS date input (<see cref="DateInput"/>).</summary>
public static class DateFields
{
    /// <summary>
    /// The date, or null with a message added against the day field (<c>{id}-day</c>, where the error
    /// summary links): "Enter the …" when all three are empty, otherwise that it must be a real date.
    /// </summary>
    public static DateOnly? Parse(string? day, string? month, string? year, string id, string label, string example, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(day) && string.IsNullOrWhiteSpace(month) && string.IsNullOrWhiteSpace(year))
        {
            errors.Add(new($"{id}-day", $"Enter the {label}"));
            return null;
        }

        if (int.TryParse(day?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(month?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return new DateOnly(y, m, d);
        }

        errors.Add(new($"{id}-day", $"The {label} must be a real date between 2000 and 2100, for example {example}"));
        return null;
    }
}
