using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Evidence;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// The paper's eight programmes and its Table 1 ratings, as a demonstration round. Only facts the
/// paper gives are recorded: every programme ran 90-minute sessions in a children's centre; the
/// number of sessions (4–6), group sizes (1–18) and facilitators are not given per programme and
/// are left empty rather than guessed.
/// </summary>
internal static class DemoData
{
    public const string RoundName = "Underdown and Barlow evaluation (2011)";
    public const string CommissionerName = "Demo commissioning team";
    public const string AssessorName = "Underdown and Barlow (2011), Table 1";
    public const string EvidenceFromTable1 = "As published in Table 1 of Underdown and Barlow (2011).";
    public const string M14NotGiven = "Not given by the source: the M14 row of Table 1 is not legible in the available copy of the paper.";
    public const string M15NotGiven = "Not given by the source: M15 was drawn from theory after the observations and was not rated in Table 1.";

    /// <summary>The demo provider for the paper's programmes at one location: "Children's centres, Location A".</summary>
    public static string ProviderName(string location) => $"Children's centres, {location}";

    /// <summary>Returns false, changing nothing, unless the database is empty.</summary>
    public static async Task<bool> SeedAsync(AuditDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Programmes.AnyAsync(cancellationToken)
            || await db.AuditRounds.AnyAsync(cancellationToken)
            || await db.Organisations.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Organisations.Add(new Organisation(CommissionerName, OrganisationKind.Commissioner));
        var providers = PaperTable1.Programmes
            .Select(p => p.Location)
            .Distinct()
            .ToDictionary(location => location, location => new Organisation(ProviderName(location), OrganisationKind.Provider));
        db.Organisations.AddRange(providers.Values);

        var round = new AuditRound(
            RoundName,
            new DateOnly(2011, 1, 1),
            new DateOnly(2011, 12, 31),
            PaperTable1.Citation + " Eight programmes in children's centres in deprived areas. The dates stand for the year of publication: the paper does not give the observation period.");
        db.AuditRounds.Add(round);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var paperProgramme in PaperTable1.Programmes)
        {
            var programme = new Programme(
                paperProgramme.Code,
                $"Infant massage programme {paperProgramme.Code}",
                providers[paperProgramme.Location].Id,
                venue: "Children's centre",
                location: paperProgramme.Location,
                new DeliveryProfile(weeklySessions: null, sessionLengthMinutes: 90, typicalGroupSize: null));
            db.Programmes.Add(programme);
            await db.SaveChangesAsync(cancellationToken);

            var review = Assessment.Start(programme.Id, round.Id, AssessmentKind.Review, AssessorName, now);
            foreach (var mechanism in MechanismId.All)
            {
                var note = paperProgramme.IsGivenBySource(mechanism) ? EvidenceFromTable1
                    : mechanism.Number == 14 ? M14NotGiven
                    : M15NotGiven;
                review.Rate(mechanism, paperProgramme.Sheet[mechanism], note, now);
            }

            review.MakeFinal(now);
            db.Assessments.Add(review);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
