using System.Diagnostics;
using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfantMassageAudit.Benchmarks.Load;

/// <summary>What the generator made, and how long each part took.</summary>
internal sealed record GeneratedDeployment(
    int Providers,
    int Programmes,
    int Rounds,
    IReadOnlyList<int> RoundIds,
    IReadOnlyList<int> ProgrammeIds,
    int ScoringRoundId,
    IReadOnlyList<BenchmarkReviewer> Reviewers,
    IReadOnlyDictionary<string, long> RowCounts,
    IReadOnlyList<(string Step, double Seconds)> Steps)
{
    public double TotalSeconds => Steps.Sum(s => s.Seconds);
}

/// <summary>A reviewer account made for the save benchmark, with the one draft review it may save to.</summary>
internal sealed record BenchmarkReviewer(string Email, int DraftAssessmentId);

/// <summary>
/// A large deployment on PostgreSQL, on top of the app's own demo data (which the app seeds when it starts:
/// the demo accounts, the commissioner and two small rounds). Organisations, programmes with their
/// facilitators and rounds go in through the app's entities and <see cref="PostgresAuditDbContext"/> (their
/// constructors check every value); the 2-million-row bulk (reviews, ratings, moderation and the change log)
/// goes in as set-based SQL inside PostgreSQL, because EF's row-by-row inserts would take far longer than the
/// few minutes allowed (the EF rate measured on the programmes is printed to show how much longer).
/// </summary>
/// <remarks>
/// Per programme and per round: two reviews (Submitted, by the demo's two reviewers, 15 ratings each, an
/// evidence note on every rating other than Yes), and one moderated review (Final, by the demo manager) whose
/// ratings are the agreed ones, with a moderation decision for every mechanism on which the two reviews
/// differ (about 15%). The change log gets what the app would have written: a "Created" line for every
/// organisation, round, programme, facilitator, assessment and moderation decision, a "Rating" line for every
/// rating set, an "EvidenceNote" line for every note, and the "Status" line(s) of each assessment. Ratings are
/// pseudo-random but fixed (a hash of programme, round and mechanism), so every run has the same data.
/// Programme i belongs to provider i mod 50 and to location "Area NNN" in blocks of 50 (so a location filter
/// selects 50 programmes); every tenth programme has a developmental-trained facilitator (so that training
/// filter selects 500 of 5,000).
/// </remarks>
internal static class LargeDeployment
{
    public const string ProgrammeCodePrefix = "LD";
    public const string LocationPrefix = "Area ";
    public const int ProgrammesPerLocation = 50;
    public const int DevelopmentalEvery = 10;

    public static async Task<GeneratedDeployment> GenerateAsync(string connectionString, int programmes, int providers, int rounds, int reviewers, Action<string> say, CancellationToken cancellationToken)
    {
        var steps = new List<(string, double)>();
        async Task<T> Step<T>(string name, Func<Task<T>> work)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await work();
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            steps.Add((name, seconds));
            say($"generator: {name}: {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            return result;
        }

        var options = new DbContextOptionsBuilder<PostgresAuditDbContext>().UseNpgsql(connectionString).Options;
        var now = DateTime.UtcNow;

        var (providerIds, programmeIds, roundIds) = await Step($"EF: {providers} providers, {programmes:N0} programmes with facilitators, {rounds} rounds", async () =>
        {
            await using var db = new PostgresAuditDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var orgs = Enumerable.Range(1, providers)
                .Select(i => new Organisation(string.Create(CultureInfo.InvariantCulture, $"Load provider {i:00}"), OrganisationKind.Provider))
                .ToList();
            db.Organisations.AddRange(orgs);
            await db.SaveChangesAsync(cancellationToken);

            var roundList = Enumerable.Range(0, rounds)
                .Select(i =>
                {
                    var year = now.Year - rounds + i;
                    var round = new AuditRound(string.Create(CultureInfo.InvariantCulture, $"Load round {year}"), new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31), "Generated for the load benchmark.", requiresTwoReviews: true);
                    round.Close(new DateTime(year + 1, 4, 15, 12, 0, 0, DateTimeKind.Utc));
                    return round;
                })
                .ToList();
            db.AuditRounds.AddRange(roundList);

            var programmeList = new List<Programme>(programmes);
            for (var i = 1; i <= programmes; i++)
            {
                var programme = new Programme(
                    string.Create(CultureInfo.InvariantCulture, $"{ProgrammeCodePrefix}{i:00000}"),
                    ProgrammeName(i),
                    orgs[(i - 1) % providers].Id,
                    string.Create(CultureInfo.InvariantCulture, $"Family hub {i}"),
                    LocationOf(i),
                    new DeliveryProfile(5, 45, 6 + (i % 5)));
                programme.AddFacilitator(null, FacilitatorRole.HealthVisitor, i % DevelopmentalEvery == 0 ? MassageTraining.Developmental : MassageTraining.CommunicationBased);
                if (i % 2 == 0)
                {
                    programme.AddFacilitator(null, FacilitatorRole.NurseryNurse, MassageTraining.CommunicationBased);
                }

                programmeList.Add(programme);
            }

            db.Programmes.AddRange(programmeList);
            await db.SaveChangesAsync(cancellationToken);
            return (orgs.Select(o => o.Id).ToArray(), programmeList.Select(p => p.Id).ToArray(), roundList.Select(r => r.Id).ToArray());
        });

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var people = await DemoPeopleAsync(connection, cancellationToken);
        var firstAssessmentId = await ScalarAsync<int>(connection, """SELECT COALESCE(MAX("Id"), 0) + 1 FROM "Assessments" """, [], cancellationToken);

        await Step("SQL: pairs of programme and round, and each mechanism's two ratings (temporary tables)", () => ExecuteAsync(connection, Sql.Pairs, [
            new("programmes", programmeIds), new("rounds", roundIds), new("base", firstAssessmentId), new("n", programmeIds.Length)], cancellationToken));
        await Step("SQL: assessments (2 reviews + 1 moderated per programme per round)", () => ExecuteAsync(connection, Sql.Assessments, [
            new("reviewer1", people.Reviewer1Id), new("reviewer1Name", people.Reviewer1Name),
            new("reviewer2", people.Reviewer2Id), new("reviewer2Name", people.Reviewer2Name),
            new("moderator", people.ManagerId), new("moderatorName", people.ManagerName)], cancellationToken));
        await Step("SQL: mechanism ratings (15 per assessment)", () => ExecuteAsync(connection, Sql.Ratings, [], cancellationToken));
        await Step("SQL: moderation decisions (where the two reviews differ)", () => ExecuteAsync(connection, Sql.Decisions, [], cancellationToken));
        await Step("SQL: change log (creations, ratings, notes, statuses, decisions)", () => ExecuteAsync(connection, Sql.ChangeLog, [
            new("reviewer1Name", people.Reviewer1Name), new("reviewer2Name", people.Reviewer2Name), new("moderatorName", people.ManagerName),
            new("providers", providerIds), new("rounds", roundIds), new("programmes", programmeIds)], cancellationToken));

        var (scoringRoundId, drafts) = await Step($"SQL: {reviewers} reviewer accounts, each with a draft review in an open round", () =>
            ReviewersAsync(connection, reviewers, programmeIds, people, now, cancellationToken));
        await Step("SQL: VACUUM ANALYZE (as autovacuum would have by now: statistics, and the visibility map index-only scans need)", async () =>
        {
            await ExecuteAsync(connection, Sql.Finish, [], cancellationToken);
            return await ExecuteAsync(connection, "VACUUM ANALYZE", [], cancellationToken);
        });

        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Programmes", "Facilitators", "Organisations", "AuditRounds", "Assessments", "MechanismRatings", "ModerationDecisions", "ChangeLog", "AspNetUsers" })
        {
            counts[table] = await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM \"{table}\"", [], cancellationToken);
        }

        return new GeneratedDeployment(providers, programmes, rounds, roundIds, programmeIds, scoringRoundId, drafts, counts, steps);
    }

    private static string ReviewerEmail(int i) => string.Create(CultureInfo.InvariantCulture, $"load-reviewer-{i:000}@load.example");

    public static string LocationOf(int i) => string.Create(CultureInfo.InvariantCulture, $"{LocationPrefix}{((i - 1) / ProgrammesPerLocation) + 1:000}");

    /// <summary>Names that do not sort like the codes, so sorting by name is real work.</summary>
    private static string ProgrammeName(int i)
    {
        string[] words = ["Bluebell", "Harbour", "Meadow", "Riverside", "Oakfield", "Willow", "Castle", "Parkside", "Hillcrest", "Brook", "Orchard", "Elmwood", "Millbrook"];
        var hash = (uint)(i * 2654435761);
        return string.Create(CultureInfo.InvariantCulture, $"{words[hash % words.Length]} baby massage {hash % 9973:0000}-{i}");
    }

    private sealed record DemoPeople(string Reviewer1Id, string Reviewer1Name, string Reviewer2Id, string Reviewer2Name, string ManagerId, string ManagerName, int CommissionerId);

    private static async Task<DemoPeople> DemoPeopleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var byEmail = new Dictionary<string, (string Id, string Name, int Organisation)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""SELECT "Email", "Id", "DisplayName", "OrganisationId" FROM "AspNetUsers" WHERE "Email" IN ('reviewer@demo.example', 'reviewer2@demo.example', 'manager@demo.example')""", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byEmail[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            }
        }

        if (byEmail.Count != 3)
        {
            throw new BenchmarkFailedException("the demo accounts (reviewer, reviewer2, manager @demo.example) are missing: start the app with Seed:Demo=true before generating.");
        }

        var (r1, r2, m) = (byEmail["reviewer@demo.example"], byEmail["reviewer2@demo.example"], byEmail["manager@demo.example"]);
        return new DemoPeople(r1.Id, r1.Name, r2.Id, r2.Name, m.Id, m.Name, m.Organisation);
    }

    private static async Task<(int RoundId, IReadOnlyList<BenchmarkReviewer> Drafts)> ReviewersAsync(NpgsqlConnection connection, int count, int[] programmeIds, DemoPeople people, DateTime now, CancellationToken cancellationToken)
    {
        var roundId = await ScalarAsync<int>(connection, Sql.ScoringRound, [new("year", now.Year)], cancellationToken);
        var emails = Enumerable.Range(1, count).Select(ReviewerEmail).ToArray();
        // The last programmes, so the drafts do not sit on the programme whose page is measured (the first).
        var draftProgrammes = programmeIds.Skip(programmeIds.Length - count).ToArray();
        await ExecuteAsync(connection, Sql.Reviewers, [
            new("emails", emails), new("template", people.Reviewer1Id), new("round", roundId), new("programmes", draftProgrammes)], cancellationToken);
        var drafts = new List<BenchmarkReviewer>();
        await using var command = new NpgsqlCommand("""SELECT u."Email", a."Id" FROM "Assessments" a JOIN "AspNetUsers" u ON u."Id" = a."AssessorUserId" WHERE a."AuditRoundId" = @round ORDER BY u."Email" """, connection);
        command.Parameters.Add(new NpgsqlParameter("round", roundId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            drafts.Add(new BenchmarkReviewer(reader.GetString(0), reader.GetInt32(1)));
        }

        return (roundId, drafts);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 900 };
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 900 };
        command.Parameters.AddRange(parameters);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>The set-based SQL. Assessment ids are given explicitly (base + 3 × pair + kind) so the later steps can join by arithmetic.</summary>
    private static class Sql
    {
        public const string Pairs = """
            CREATE TEMP TABLE load_pairs ON COMMIT PRESERVE ROWS AS
            SELECT p.id AS programme_id, p.ord::int AS p_ord, r.id AS round_id, r.ord::int AS r_ord, ar."StartsOn" AS starts,
                   @base + (((r.ord - 1) * @n + (p.ord - 1)) * 3)::int AS first_id
            FROM unnest(@programmes::int[]) WITH ORDINALITY AS p(id, ord)
            CROSS JOIN unnest(@rounds::int[]) WITH ORDINALITY AS r(id, ord)
            JOIN "AuditRounds" ar ON ar."Id" = r.id;

            -- Each mechanism's two ratings: the first from a fixed hash; the second differs about 15% of the time.
            CREATE TEMP TABLE load_ratings ON COMMIT PRESERVE ROWS AS
            SELECT x.*, CASE WHEN abs(hashtext(x.programme_id || ':' || x.round_id || ':' || x.m || ':2')) % 100 < 15
                             THEN CASE x.r1 WHEN 'Yes' THEN 'Variable' WHEN 'Variable' THEN 'Yes' WHEN 'No' THEN 'Variable' ELSE 'No' END
                             ELSE x.r1 END AS r2
            FROM (SELECT lp.*, m.m,
                         CASE WHEN h < 60 THEN 'Yes' WHEN h < 80 THEN 'Variable' WHEN h < 95 THEN 'No' ELSE 'NotAssessed' END AS r1
                  FROM load_pairs lp
                  CROSS JOIN generate_series(1, 15) AS m(m)
                  CROSS JOIN LATERAL (SELECT abs(hashtext(lp.programme_id || ':' || lp.round_id || ':' || m.m)) % 100 AS h) hh) x;
            """;

        public const string Assessments = """
            INSERT INTO "Assessments" ("Id", "ProgrammeId", "AuditRoundId", "Kind", "Status", "AssessorName", "AssessorUserId", "CreatedAt", "UpdatedAt", "SubmittedAt", "FinalisedAt", "Version")
            SELECT lp.first_id + k.k, lp.programme_id, lp.round_id,
                   CASE WHEN k.k = 2 THEN 'Moderated' ELSE 'Review' END,
                   CASE WHEN k.k = 2 THEN 'Final' ELSE 'Submitted' END,
                   CASE k.k WHEN 0 THEN @reviewer1Name WHEN 1 THEN @reviewer2Name ELSE @moderatorName END,
                   CASE k.k WHEN 0 THEN @reviewer1 WHEN 1 THEN @reviewer2 ELSE @moderator END,
                   t.created, t.created + interval '2 days', CASE WHEN k.k < 2 THEN t.created + interval '2 days' ELSE t.created END,
                   CASE WHEN k.k = 2 THEN t.created ELSE NULL END, 1
            FROM load_pairs lp
            CROSS JOIN generate_series(0, 2) AS k(k)
            CROSS JOIN LATERAL (SELECT (lp.starts + (lp.p_ord % 200))::timestamp AT TIME ZONE 'UTC' + make_interval(hours => 9 + k.k * 24 * 7) AS created) t;

            -- The ids above were given explicitly: the identity must start after them.
            SELECT setval(pg_get_serial_sequence('"Assessments"', 'Id'), (SELECT MAX("Id") FROM "Assessments"));
            """;

        public const string Ratings = """
            INSERT INTO "MechanismRatings" ("AssessmentId", "MechanismNumber", "Rating", "EvidenceNote", "UpdatedAt", "Version")
            SELECT lr.first_id + k.k, lr.m, v.rating,
                   CASE WHEN v.rating <> 'Yes' THEN 'Seen at session ' || (1 + lr.m % 4) || ': the facilitator ' || CASE v.rating WHEN 'No' THEN 'did not show this' WHEN 'Variable' THEN 'showed this in some sessions only' ELSE 'could not be observed for this' END || '.' END,
                   (lr.starts::timestamp AT TIME ZONE 'UTC') + make_interval(days => lr.p_ord % 200, hours => 10 + k.k * 24 * 7, mins => lr.m),
                   1
            FROM load_ratings lr
            CROSS JOIN generate_series(0, 2) AS k(k)
            CROSS JOIN LATERAL (SELECT CASE k.k WHEN 1 THEN lr.r2 ELSE lr.r1 END AS rating) v;
            """;

        public const string Decisions = """
            INSERT INTO "ModerationDecisions" ("AssessmentId", "MechanismNumber", "FirstRating", "SecondRating", "AgreedRating", "Reason")
            SELECT lr.first_id + 2, lr.m, lr.r1, lr.r2, lr.r1, 'Agreed at the moderation meeting after reading both notes.'
            FROM load_ratings lr
            WHERE lr.r1 <> lr.r2;
            """;

        public const string ChangeLog = """
            -- Organisations, rounds, programmes and facilitators: went in through EF without the app's interceptor, so written here.
            INSERT INTO "ChangeLog" ("At", "Actor", "Action", "EntityType", "EntityId", "Field", "OldValue", "NewValue", "ProgrammeId", "AssessmentId")
            SELECT now(), @moderatorName, 'Created', 'Organisation', o."Id"::text, '*', NULL::text, o."Kind" || ' ' || o."Name", NULL::int, NULL::int
            FROM "Organisations" o WHERE o."Id" = ANY(@providers::int[])
            UNION ALL
            SELECT now(), @moderatorName, 'Created', 'AuditRound', r."Id"::text, '*', NULL, r."Name" || ' (' || r."StartsOn" || ' to ' || r."EndsOn" || ')', NULL, NULL
            FROM "AuditRounds" r WHERE r."Id" = ANY(@rounds::int[])
            UNION ALL
            SELECT now(), @moderatorName, 'Created', 'Programme', p."Id"::text, '*', NULL, p."Code" || ' ' || p."Name", p."Id", NULL
            FROM "Programmes" p WHERE p."Id" = ANY(@programmes::int[])
            UNION ALL
            SELECT now(), @moderatorName, 'Created', 'Facilitator', f."Id"::text, '*', NULL, f."Role" || ', ' || f."Training", f."ProgrammeId", NULL
            FROM "Facilitators" f WHERE f."ProgrammeId" = ANY(@programmes::int[]);

            -- Each assessment's creation and its status changes.
            INSERT INTO "ChangeLog" ("At", "Actor", "Action", "EntityType", "EntityId", "Field", "OldValue", "NewValue", "ProgrammeId", "AssessmentId")
            SELECT a."CreatedAt", a."AssessorName", 'Created', 'Assessment', a."Id"::text, '*', NULL, a."Kind" || ' by ' || a."AssessorName", a."ProgrammeId", a."Id"
            FROM "Assessments" a JOIN load_pairs lp ON a."Id" BETWEEN lp.first_id AND lp.first_id + 2
            UNION ALL
            SELECT a."UpdatedAt", a."AssessorName", 'Changed', 'Assessment', a."Id"::text, 'Status', 'Draft', a."Status", a."ProgrammeId", a."Id"
            FROM "Assessments" a JOIN load_pairs lp ON a."Id" BETWEEN lp.first_id AND lp.first_id + 2;

            -- Every rating set, and every evidence note written.
            INSERT INTO "ChangeLog" ("At", "Actor", "Action", "EntityType", "EntityId", "Field", "OldValue", "NewValue", "ProgrammeId", "AssessmentId")
            SELECT r."UpdatedAt", a."AssessorName", 'Changed', 'MechanismRating', r."Id"::text, f.field, NULL,
                   CASE f.field WHEN 'Rating' THEN r."Rating" ELSE r."EvidenceNote" END, a."ProgrammeId", a."Id"
            FROM "Assessments" a
            JOIN load_pairs lp ON a."Id" BETWEEN lp.first_id AND lp.first_id + 2
            JOIN "MechanismRatings" r ON r."AssessmentId" = a."Id"
            CROSS JOIN (VALUES ('Rating'), ('EvidenceNote')) AS f(field)
            WHERE f.field = 'Rating' OR r."EvidenceNote" IS NOT NULL;

            -- Every moderation decision.
            INSERT INTO "ChangeLog" ("At", "Actor", "Action", "EntityType", "EntityId", "Field", "OldValue", "NewValue", "ProgrammeId", "AssessmentId")
            SELECT a."FinalisedAt", a."AssessorName", 'Created', 'ModerationDecision', d."Id"::text, '*', NULL,
                   'M' || d."MechanismNumber" || ': ' || d."FirstRating" || ' and ' || d."SecondRating" || ' agreed as ' || d."AgreedRating" || '. Reason: ' || d."Reason",
                   a."ProgrammeId", a."Id"
            FROM "ModerationDecisions" d
            JOIN "Assessments" a ON a."Id" = d."AssessmentId"
            JOIN load_pairs lp ON a."Id" = lp.first_id + 2;
            """;

        public const string ScoringRound = """
            INSERT INTO "AuditRounds" ("Name", "StartsOn", "EndsOn", "Description", "RequiresTwoReviews", "CompletedAfterSessions")
            VALUES ('Load round ' || @year || ' (scoring now)', make_date(@year, 4, 1), make_date(@year + 1, 3, 31), 'Open round for the save benchmark.', false, 4)
            RETURNING "Id";
            """;

        /// <summary>Accounts copied from the demo reviewer (same organisation, role and password), each with one draft of 15 unrated mechanisms.</summary>
        public const string Reviewers = """
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "OrganisationId", "IsActive", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                                       "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "MustChangePassword")
            SELECT 'load-' || e.ord, 'Load reviewer ' || e.ord, t."OrganisationId", true, now(), e.email, upper(e.email), e.email, upper(e.email),
                   true, t."PasswordHash", md5(e.email || 'stamp'), md5(e.email || 'concurrency'), false, false, t."LockoutEnabled", 0, false
            FROM unnest(@emails::text[]) WITH ORDINALITY AS e(email, ord)
            CROSS JOIN "AspNetUsers" t WHERE t."Id" = @template;

            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
            SELECT 'load-' || e.ord, ur."RoleId" FROM unnest(@emails::text[]) WITH ORDINALITY AS e(email, ord)
            CROSS JOIN "AspNetUserRoles" ur WHERE ur."UserId" = @template;

            WITH drafts AS (
                INSERT INTO "Assessments" ("ProgrammeId", "AuditRoundId", "Kind", "Status", "AssessorName", "AssessorUserId", "CreatedAt", "UpdatedAt", "Version")
                SELECT p.id, @round, 'Review', 'Draft', 'Load reviewer ' || p.ord, 'load-' || p.ord, now(), now(), 0
                FROM unnest(@programmes::int[]) WITH ORDINALITY AS p(id, ord)
                RETURNING "Id", "ProgrammeId", "AssessorName")
            , ratings AS (
                INSERT INTO "MechanismRatings" ("AssessmentId", "MechanismNumber", "UpdatedAt", "Version")
                SELECT d."Id", m.m, now(), 0 FROM drafts d CROSS JOIN generate_series(1, 15) AS m(m))
            INSERT INTO "ChangeLog" ("At", "Actor", "Action", "EntityType", "EntityId", "Field", "OldValue", "NewValue", "ProgrammeId", "AssessmentId")
            SELECT now(), d."AssessorName", 'Created', 'Assessment', d."Id"::text, '*', NULL, 'Review by ' || d."AssessorName", d."ProgrammeId", d."Id" FROM drafts d;
            """;

        public const string Finish = """
            DROP TABLE load_ratings;
            DROP TABLE load_pairs;
            """;
    }
}
