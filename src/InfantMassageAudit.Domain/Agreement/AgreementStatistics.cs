using InfantMassageAudit.Domain.Mechanisms;

namespace InfantMassageAudit.Domain.Agreement;

/// <summary>
/// How far two independent reviews agree. Items where either reviewer gave Not assessed are
/// left out of every statistic and counted in <see cref="ItemsExcluded"/>, because "not
/// assessed" is not a position on the scale and cannot agree or disagree with one.
/// </summary>
/// <param name="ItemsCompared">Items both reviewers rated Yes, Variable or No.</param>
/// <param name="ItemsExcluded">Items left out because either reviewer gave Not assessed.</param>
/// <param name="ItemsAgreed">Compared items given the same rating by both.</param>
/// <param name="PercentageAgreement">Agreed as a percentage (0–100) of compared; null when nothing was compared.</param>
/// <param name="Kappa">Cohen's unweighted kappa; null when not defined (nothing compared, or chance agreement is total).</param>
/// <param name="WeightedKappa">
/// Cohen's weighted kappa with linear weights on No &lt; Variable &lt; Yes, so Yes against
/// Variable earns half credit and Yes against No none; null when not defined, as for Kappa.
/// </param>
public sealed record AgreementStatistics(
    int ItemsCompared,
    int ItemsExcluded,
    int ItemsAgreed,
    double? PercentageAgreement,
    double? Kappa,
    double? WeightedKappa);

/// <summary>
/// One mechanism's disagreement across many programmes, each reviewed independently by two
/// people: how often the pair could be compared and how often they differed.
/// </summary>
/// <param name="Compared">Programmes where both reviewers rated the mechanism on the scale.</param>
/// <param name="Disagreed">Of those, programmes where the two ratings differ.</param>
/// <param name="Excluded">Programmes where either reviewer gave Not assessed.</param>
public sealed record MechanismDisagreement(MechanismId Mechanism, int Compared, int Disagreed, int Excluded)
{
    public int Agreed => Compared - Disagreed;
}
