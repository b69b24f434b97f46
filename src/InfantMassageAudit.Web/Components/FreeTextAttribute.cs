using System.ComponentModel.DataAnnotations;
using InfantMassageAudit.Domain.Text;

namespace InfantMassageAudit.Web.Components;

/// <summary>
/// Refuses text holding control characters (see <see cref="FreeText"/>), with a message naming the field, for form
/// models validated by DataAnnotations. Services validating by hand call <see cref="FreeText.Problem"/> directly.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FreeTextAttribute(string label) : ValidationAttribute
{
    public string Label { get; } = label;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        FreeText.Problem(value as string, Label) is { } message
            ? new ValidationResult(message, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
