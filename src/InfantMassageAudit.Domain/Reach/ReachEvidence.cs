namespace InfantMassageAudit.Domain.Reach;

/// <summary>
/// Why reach matters, with sources, for the note shown where a programme under-reaches need. Copied from the
/// review of reviews for Public Health England (2016) and the paper itself; shown as written, never paraphrased.
/// </summary>
public static class ReachEvidence
{
    public sealed record Finding(string Text, string Source);

    public static IReadOnlyList<Finding> Findings { get; } =
    [
        new("Infant massage with low-risk mother–baby pairs showed no significant effects.", "Bennett et al. (2013), Cochrane review of 34 randomised controlled trials"),
        new("Sensitivity-focused interventions for depressed mothers that included infant massage had a large effect on maternal sensitivity (g = 0.85; g = 0.32 for such interventions overall).", "Kersten-Alvarez et al. (2011)"),
        new("Disadvantaged and vulnerable mothers seldom came unless a trusted practitioner invited them personally (M1) and then settled them into the group (M2); one highly rated programme in one of the most deprived estates in England was attended mostly by older professional mothers from surrounding areas.", "Underdown and Barlow (2011), discussion"),
    ];

    public const string Summary =
        "Infant massage helps most where need is greatest, so a programme that does not reach families in need does little good, however well it is run.";
}
