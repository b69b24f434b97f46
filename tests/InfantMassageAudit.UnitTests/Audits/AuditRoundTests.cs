using InfantMassageAudit.Domain.Audits;

namespace InfantMassageAudit.UnitTests.Audits;

public sealed class AuditRoundTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_round_starts_open_and_closes_once()
    {
        var round = new AuditRound("Spring 2027", new DateOnly(2027, 4, 1), new DateOnly(2027, 6, 30), null);
        Assert.False(round.IsClosed);

        round.Close(Now);

        Assert.True(round.IsClosed);
        Assert.Equal(Now, round.ClosedAt);
        Assert.Throws<InvalidOperationException>(() => round.Close(Now));
    }

    [Fact]
    public void Correcting_a_round_keeps_its_rules_on_name_and_period()
    {
        var round = new AuditRound("Spring 2027", new DateOnly(2027, 4, 1), new DateOnly(2027, 6, 30), null);

        round.Change("Spring 2027 re-audit", new DateOnly(2027, 5, 1), new DateOnly(2027, 7, 31));

        Assert.Equal(("Spring 2027 re-audit", new DateOnly(2027, 5, 1), new DateOnly(2027, 7, 31)), (round.Name, round.StartsOn, round.EndsOn));
        Assert.Throws<ArgumentException>(() => round.Change(" ", new DateOnly(2027, 5, 1), new DateOnly(2027, 7, 31)));
        Assert.Throws<ArgumentException>(() => round.Change("Backwards", new DateOnly(2027, 7, 31), new DateOnly(2027, 5, 1)));
    }
}
