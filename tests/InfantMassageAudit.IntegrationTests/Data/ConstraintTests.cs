using System.Data.Common;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Data;

/// <summary>
/// What must never be stored is refused by the database itself, whatever writes to it. Each case
/// writes raw SQL that the app would never send, and the statement must fail on both providers.
/// </summary>
public sealed class ConstraintTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private AuditDbContext _db = default!;
    private int _ratingId;
    private int _assessmentId;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _db = _database.CreateContext();
        await _db.Database.MigrateAsync(Cancel);
        await DemoData.SeedAsync(_db, TimeProvider.System, Cancel);
        var rating = await _db.MechanismRatings.OrderBy(r => r.Id).FirstAsync(Cancel);
        (_ratingId, _assessmentId) = (rating.Id, rating.AssessmentId);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_second_rating_of_the_same_mechanism_in_one_assessment_is_refused()
    {
        await AssertRefused(
            $"INSERT INTO \"MechanismRatings\" (\"AssessmentId\", \"MechanismNumber\", \"Rating\", \"UpdatedAt\") VALUES ({_assessmentId}, 1, 'Yes', '2026-01-01T00:00:00Z')");
        Assert.Equal(15, await _db.MechanismRatings.CountAsync(r => r.AssessmentId == _assessmentId, Cancel));
    }

    [Theory]
    [InlineData("\"Rating\" = 'Maybe'")]
    [InlineData("\"Rating\" = 'yes'")]
    [InlineData("\"Rating\" = ''")]
    [InlineData("\"MechanismNumber\" = 0")]
    [InlineData("\"MechanismNumber\" = 16")]
    public async Task Ratings_outside_the_scale_or_mechanisms_outside_M1_to_M15_are_refused(string assignment)
    {
        await AssertRefused($"UPDATE \"MechanismRatings\" SET {assignment} WHERE \"Id\" = {_ratingId}");
    }

    [Fact]
    public async Task An_evidence_note_over_the_limit_is_refused()
    {
        var tooLong = new string('x', Domain.Audits.MechanismRating.MaxEvidenceNoteLength + 1);
        await AssertRefused($"UPDATE \"MechanismRatings\" SET \"EvidenceNote\" = '{tooLong}' WHERE \"Id\" = {_ratingId}");

        var atLimit = new string('x', Domain.Audits.MechanismRating.MaxEvidenceNoteLength);
        Assert.Equal(1, await _db.Database.ExecuteSqlAsync($"UPDATE \"MechanismRatings\" SET \"EvidenceNote\" = {atLimit} WHERE \"Id\" = {_ratingId}", Cancel));
    }

    [Theory]
    [InlineData("UPDATE \"Assessments\" SET \"Status\" = 'Approved'")]
    [InlineData("UPDATE \"Assessments\" SET \"Kind\" = 'Inspection'")]
    [InlineData("UPDATE \"Organisations\" SET \"Kind\" = 'Charity'")]
    [InlineData("UPDATE \"Programmes\" SET \"Code\" = 'A1' WHERE \"Code\" = 'A2'")]
    [InlineData("UPDATE \"AuditRounds\" SET \"EndsOn\" = '2010-01-01'")]
    [InlineData("UPDATE \"MechanismRatings\" SET \"AssessmentId\" = 999999")]
    public async Task Invalid_values_elsewhere_are_refused(string sql)
    {
        await AssertRefused(sql);
    }

    // The SQL is the test's own text, never user input.
#pragma warning disable EF1002
    private async Task AssertRefused(string sql)
    {
        await Assert.ThrowsAnyAsync<DbException>(() => _db.Database.ExecuteSqlRawAsync(sql, Cancel));
    }
#pragma warning restore EF1002
}
