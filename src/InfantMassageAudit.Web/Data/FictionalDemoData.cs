using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Ratings;
using InfantMassageAudit.Domain.Reach;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// A separate, clearly fictional round for the need-and-reach views (issue 12). The paper gives no reach counts for
/// its programmes A1–C8, and none are invented for them: instead four made-up programmes, F1 to F4, each with a Final
/// review, reach figures and their area's need, so that each quarter of the commissioner's chart holds one. Every name
/// says "Fictional"; the pages say so too. Seeded only with <c>Seed:FictionalDemo</c> beside the paper's demo data.
/// </summary>
internal static class FictionalDemoData
{
    public const string RoundName = "Fictional demonstration round (made-up figures)";
    public const string ProviderName = "Fictional Family Hubs (demonstration only)";
    public const string Location = "Fictional Town";
    public const string AssessorName = "Fictional demonstration reviewer";
    public const string EnteredBy = "demo-data";

    /// <summary>The made-up figures' confirmer: someone other than who entered them, as the service requires.</summary>
    public const string ConfirmedBy = "demo-data-review";
    public const string EvidenceNote = "Fictional: made up to demonstrate the need-and-reach views. Not from any real programme.";
    public const string AreaSource = "Fictional: made-up figures for the demonstration round, not a real needs assessment.";
    public const int Year = 2025;

    /// <summary>Births and families with one or more need indicators in the fictional area: 35%.</summary>
    public const int AreaBirths = 2000;
    public const int AreaFamiliesWithNeed = 700;

    /// <summary>Whether a round is the fictional one, so pages can say so.</summary>
    public static bool IsFictional(string roundName) => roundName == RoundName;

    /// <param name="Yes">Mechanisms rated Yes, M1 and M2 included when they are Yes.</param>
    private sealed record Made(string Code, string Name, int Yes, Rating M1, Rating M2, (int Total, int WithNeed) Invited, (int Total, int WithNeed) Started, (int Total, int WithNeed) Completed, (InvitationRoute Route, int Count)[] Routes);

    private static readonly Made[] Programmes =
    [
        // Strong, reaching need: started 24, 12 with need (50% against 35%: ratio 1.43).
        new("F1", "Fictional programme F1 (strong, reaching need)", 12, Rating.Yes, Rating.Yes, (30, 16), (24, 12), (20, 10),
            [(InvitationRoute.HealthVisitor, 14), (InvitationRoute.Midwife, 6), (InvitationRoute.FamilyWorker, 6), (InvitationRoute.SelfReferral, 4)]),
        // Strong, need under-reached (the paper's highly rated programme attended by older professional mothers): ratio 0.48.
        new("F2", "Fictional programme F2 (strong, need under-reached)", 11, Rating.Variable, Rating.Yes, (36, 7), (30, 5), (27, 5),
            [(InvitationRoute.HealthVisitor, 6), (InvitationRoute.SelfReferral, 26), (InvitationRoute.Other, 4)]),
        // Weak, reaching need: started 16, 7 with need (ratio 1.25); M2 No.
        new("F3", "Fictional programme F3 (weak, reaching need)", 5, Rating.Yes, Rating.No, (22, 12), (16, 7), (10, 5),
            [(InvitationRoute.HealthVisitor, 10), (InvitationRoute.FamilyWorker, 8), (InvitationRoute.Midwife, 4)]),
        // Weak, high need unmet: started 12, 2 with need (a small number: shown beyond the programme as "fewer than 5").
        new("F4", "Fictional programme F4 (weak, high need unmet)", 3, Rating.No, Rating.No, (20, 5), (12, 2), (7, 1),
            [(InvitationRoute.SelfReferral, 14), (InvitationRoute.HealthVisitor, 6)]),
    ];

    /// <summary>
    /// Adds the fictional round once, and only to a database that holds nothing but demo data (the paper's round and no
    /// other), so it never lands beside real audits. Returns whether it added anything.
    /// </summary>
    public static async Task<bool> SeedAsync(AuditDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.AuditRounds.AnyAsync(r => r.Name == DemoData.RoundName, cancellationToken)
            || await db.AuditRounds.AnyAsync(r => r.Name != DemoData.RoundName, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var provider = new Organisation(ProviderName, OrganisationKind.Provider);
        db.Organisations.Add(provider);
        var round = new AuditRound(RoundName, new DateOnly(Year, 4, 1), new DateOnly(Year + 1, 3, 31),
            "Fictional: four made-up programmes with made-up reach figures and area need, to show the need-and-reach views working. Not real data.");
        db.AuditRounds.Add(round);
        db.AreaNeeds.Add(new AreaNeed(Location, Year,
            new AreaNeedFigures(AreaBirths, AreaFamiliesWithNeed, new Dictionary<NeedIndicator, int>
            {
                [NeedIndicator.ParentalMentalIllHealth] = 400,
                [NeedIndicator.FinancialEmploymentOrHousing] = 450,
                [NeedIndicator.TeenagePregnancy] = 60,
            }),
            AreaSource, EnteredBy, now));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var made in Programmes)
        {
            var programme = new Programme(made.Code, made.Name, provider.Id, venue: "Fictional family hub", location: Location,
                new DeliveryProfile(weeklySessions: 5, sessionLengthMinutes: 90, typicalGroupSize: 8));
            db.Programmes.Add(programme);
            await db.SaveChangesAsync(cancellationToken);

            var review = Assessment.Start(programme.Id, round.Id, AssessmentKind.Review, AssessorName, now);
            var yesLeft = made.Yes - (made.M1 == Rating.Yes ? 1 : 0) - (made.M2 == Rating.Yes ? 1 : 0);
            foreach (var mechanism in MechanismId.All)
            {
                var rating = mechanism.Number switch
                {
                    1 => made.M1,
                    2 => made.M2,
                    _ when yesLeft-- > 0 => Rating.Yes,
                    _ => mechanism.Number % 2 == 0 ? Rating.Variable : Rating.No,
                };
                review.Rate(mechanism, rating, EvidenceNote, now);
            }

            review.MakeFinal(now);
            db.Assessments.Add(review);

            var figures = new ReachFigures(
                Stage(made.Invited), Stage(made.Started), Stage(made.Completed),
                made.Routes.ToDictionary(r => r.Route, r => r.Count));
            var reach = new ProgrammeReach(programme.Id, round.Id, figures, EnteredBy, now);
            reach.Confirm(ConfirmedBy, now);
            db.ProgrammeReach.Add(reach);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static StageFigures Stage((int Total, int WithNeed) counts) =>
        new(counts.Total, counts.WithNeed, new Dictionary<NeedIndicator, int>());
}
