using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 15, items 4 and 5: sign-in is throttled per client address and per account with growing delays,
/// not a lockout a stranger can trigger; wrong current passwords on the change-password form count too.
/// </summary>
public sealed class SignInThrottleTests
{
    private const string GenericFailure = "Enter a correct email address and password";
    private const string Stranger = "203.0.113.66";
    private const string OwnersAddress = "198.51.100.7";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("jos\u00E9@test.example")] // é as one character
    [InlineData("jose\u0301@test.example")] // e and a combining acute accent: Identity composes it
    [InlineData("Plain.Ascii@Test.Example")]
    public void An_email_is_normalised_as_Identity_normalises_it_so_attempts_match_the_account(string email)
    {
        var identity = new Microsoft.AspNetCore.Identity.UpperInvariantLookupNormalizer().NormalizeEmail(email);

        Assert.Equal(identity, SignInThrottle.Normalise(email));
    }

    [Fact]
    public async Task Wrong_passwords_make_the_next_try_wait_longer_and_the_right_one_works_once_the_wait_is_over()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var factory = new AuditAppFactory(database, seedDemo: true, services: SignInHelpers.Using(clock));
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "slowed");
        using var client = factory.ClientAt();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.TrySignInAsync(email, $"wrong guess {attempt}")).StatusCode);
        }

        // The fourth try must wait a second; the fifth (after that second) then two.
        var refused = await client.TrySignInAsync(email, TestUsers.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Wait 1 second and try again", (await refused.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.TrySignInAsync(email, "wrong guess 4")).StatusCode);
        var longer = await client.TrySignInAsync(email, TestUsers.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.Equal("2", longer.Headers.GetValues("Retry-After").Single());

        // No lockout: after the wait the right password signs in, and nothing was locked in the database.
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await client.TrySignInAsync(email, TestUsers.Password)).StatusCode);
        await using var db = database.CreateContext();
        Assert.Null(await db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync(Cancel));
        var normalised = SignInThrottle.Normalise(email);
        Assert.Equal(4, await db.SignInAttempts.CountAsync(a => a.NormalisedEmail == normalised && a.Outcome == SignInOutcome.WrongPassword, Cancel)); // the refused tries were not counted
    }

    [Fact]
    public async Task A_stranger_hammering_an_account_from_many_addresses_does_not_keep_its_owner_out_for_a_minute()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var factory = new AuditAppFactory(database, seedDemo: true, SignInHelpers.ForwardedAddresses, services: SignInHelpers.Using(clock));
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Administrator, name: "target");
        using var owner = factory.ClientAt(OwnersAddress);
        await owner.SignInSavingCookieAsync(email); // the owner's usual address: signed in from it yesterday
        clock.Advance(TimeSpan.FromDays(1));

        // Five minutes of a stranger trying every 2 seconds, spread over 20 addresses.
        var strangers = Enumerable.Range(1, 20).Select(i => factory.ClientAt($"203.0.113.{i}")).ToList();
        var statuses = new List<HttpStatusCode>();
        for (var second = 0; second < 300; second += 2)
        {
            statuses.Add((await strangers[second / 2 % strangers.Count].TrySignInAsync(email, $"guess {second}")).StatusCode);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses); // the stranger was slowed down
        Assert.DoesNotContain(HttpStatusCode.Redirect, statuses);

        // The owner, at their own address, while the stranger carries on: in within a minute.
        var waited = TimeSpan.Zero;
        HttpResponseMessage ownersTry;
        var turn = 0;
        while ((ownersTry = await owner.TrySignInAsync(email, TestUsers.Password)).StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = TimeSpan.FromSeconds(int.Parse(ownersTry.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(retryAfter <= TimeSpan.FromSeconds(30), $"The owner was told to wait {retryAfter}");
            waited += retryAfter;
            clock.Advance(retryAfter);
            await strangers[turn++ % strangers.Count].TrySignInAsync(email, "still guessing"); // the stranger does not stop
        }

        Assert.Equal(HttpStatusCode.Redirect, ownersTry.StatusCode);
        Assert.True(waited < TimeSpan.FromMinutes(1), $"The owner waited {waited}");
        strangers.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_client_address_with_429_while_other_addresses_carry_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true, SignInHelpers.ForwardedAddresses.With("SignIn:AttemptsPerAddressPerMinute", "5"));
        using var noisy = factory.ClientAt(Stranger);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            // Each try names another email, so only the per-address limit can refuse it.
            statuses.Add((await noisy.TrySignInAsync($"someone{attempt}@test.example", "any password at all")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        var page = await noisy.TrySignInAsync("someone@test.example", "any password at all");
        Assert.Equal("Too many attempts", (await page.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);

        using var elsewhere = factory.ClientAt(OwnersAddress);
        var fine = await elsewhere.TrySignInAsync("someone@test.example", "any password at all");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fine.StatusCode);
        Assert.Contains(GenericFailure, (await fine.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_throttle_treats_an_unknown_email_exactly_as_a_real_account()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new TestClock();
        await using var factory = new AuditAppFactory(database, seedDemo: true, services: SignInHelpers.Using(clock));
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "real");

        async Task<List<(HttpStatusCode, string?)>> TryFiveTimesAsync(string who)
        {
            using var client = factory.ClientAt();
            var answers = new List<(HttpStatusCode, string?)>();
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var response = await client.TrySignInAsync(who, "not the password");
                answers.Add((response.StatusCode, (await response.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")?.TextContent.Trim()));
            }

            return answers;
        }

        var real = await TryFiveTimesAsync(email);
        var unknown = await TryFiveTimesAsync("nobody.at.all@test.example");

        Assert.Equal(real, unknown);
        Assert.Equal(HttpStatusCode.TooManyRequests, real[^1].Item1); // and both were slowed down
    }

    [Fact]
    public async Task Administrators_see_which_accounts_are_under_repeated_failed_sign_ins()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true, SignInHelpers.ForwardedAddresses);
        var target = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "target");
        var fumbler = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Manager, name: "fumbler");
        using var admin = factory.ClientAt(OwnersAddress);
        await admin.SignInSavingCookieAsync(await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Administrator));
        Assert.Null((await admin.GetDocumentAsync("/admin/users")).QuerySelector("#failed-sign-ins"));

        for (var i = 0; i < SignInThrottle.NoticeThreshold; i++)
        {
            // Three free tries per address: ten addresses make ten counted failures at once.
            using var stranger = factory.ClientAt($"203.0.113.{100 + i}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await stranger.TrySignInAsync(target, "guess")).StatusCode);
        }

        using (var own = factory.ClientAt("198.51.100.99"))
        {
            await own.TrySignInAsync(fumbler, "typo");
        }

        var notice = (await admin.GetDocumentAsync("/admin/users")).QuerySelector("#failed-sign-ins")!;
        Assert.Contains("Repeated failed sign-ins", notice.TextContent, StringComparison.Ordinal);
        var listed = notice.QuerySelectorAll("[data-under-attack]").Select(l => l.GetAttribute("data-under-attack")).ToList();
        Assert.Equal([target], listed);
        Assert.Contains($"{SignInThrottle.NoticeThreshold} failed attempts", notice.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_current_passwords_count_as_failed_sign_ins_and_end_the_session_after_three()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new AuditAppFactory(database, seedDemo: true, SignInHelpers.ForwardedAddresses);
        var email = await TestUsers.EnsureUserAsync(factory.Services, AuditRoles.Commissioner, name: "stolen");
        using var thief = factory.ClientAt(Stranger);
        var stolen = await thief.SignInSavingCookieAsync(email);

        async Task<HttpResponseMessage> GuessAsync(string guess) =>
            await thief.SubmitAsync(await thief.GetDocumentAsync(AccountSetup.ChangePasswordPath), "#password-form",
                new Dictionary<string, string?> { ["Input.Current"] = guess, ["Input.New"] = "the thief's new passphrase", ["Input.Confirm"] = "the thief's new passphrase" });

        for (var attempt = 1; attempt < SignInThrottle.MaxWrongCurrentPasswords; attempt++)
        {
            var refused = await GuessAsync($"guess {attempt}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("Your current password is not correct", (await refused.ReadDocumentAsync()).QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        }

        var last = await GuessAsync("guess 3");
        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Equal(AccountSetup.SignInPath + "?ended=true", new Uri(new Uri("http://localhost/"), last.Headers.Location!).PathAndQuery);
        await factory.AssertSignedOutAsync(stolen, "three wrong current passwords");

        // The guesses were counted against the account, and the password is unchanged.
        await using var db = database.CreateContext();
        var normalised = SignInThrottle.Normalise(email);
        Assert.Equal(3, await db.SignInAttempts.CountAsync(a => a.NormalisedEmail == normalised && a.Outcome == SignInOutcome.WrongCurrentPassword, Cancel));
        Assert.Equal(SessionEndReason.TooManyWrongPasswords, await db.UserSessions.Select(s => s.EndReason).SingleAsync(Cancel));
        using var owner = factory.ClientAt(OwnersAddress);
        var signIn = await owner.GetDocumentAsync(AccountSetup.SignInPath + "?ended=true");
        Assert.NotNull(signIn.QuerySelector("#session-ended"));
        Assert.Equal(HttpStatusCode.Redirect, (await owner.TrySignInAsync(email, TestUsers.Password)).StatusCode);
    }
}
