using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using InfantMassageAudit.IntegrationTests.Features.Users;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Features.Users;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Features.Errors;

/// <summary>
/// Issue 11, item 4: text pasted from a PDF can carry U+0000 and other control characters, which once made every
/// save of the form a server error (PostgreSQL cannot store U+0000). Every free-text field of every form refuses
/// them with a message beside the field and saves nothing; a right-to-left override (U+202E) is ordinary text and
/// never fails a save either.
/// </summary>
public sealed partial class BadInputTests
{
    private static readonly string[] ControlCharacterValues =
    [
        "\u0000", "Pasted from a PDF\u0000", "escape\u001B[2J", "C1 \u0085 next line", "lone\rreturn", "bell\u0007",
    ];

    private static readonly string[] RightToLeftValues = ["\u202Eevil", "Invoice \u202Egnp.exe", "\u202Dforced \u202E\u2066isolate"];

    /// <summary>A free-text field: how to post a value into it (every other field valid), and the id of its input.</summary>
    private sealed record FreeTextField(string Description, string FieldId, Func<string, Task<HttpResponseMessage>> Post);

    /// <summary>A free-text field of a live page, whose command the test runs as the person (the page shows its refusal beside the field).</summary>
    private sealed record FreeTextCommand(string Description, Func<string, Task<string?>> Refusal);

    [Fact]
    public async Task Control_characters_in_every_free_text_field_are_refused_beside_the_field_and_right_to_left_overrides_never_fail()
    {
        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        using var reviewer = await app.Factory.SignedInClientAsync(followRedirects: false, name: "control reviewer");
        using var moderator = await app.Factory.SignedInClientAsync(followRedirects: false, name: "control moderator");
        var commands = new List<FreeTextCommand>();
        var fields = await FreeTextFieldsAsync(admin, reviewer, moderator, commands);
        Assert.True(fields.Count + commands.Count >= 24, $"Only {fields.Count + commands.Count} free-text fields were found.");
        var before = await EverythingAsync();

        var failures = new List<string>();
        foreach (var field in fields)
        {
            foreach (var value in ControlCharacterValues)
            {
                var shown = Escape(value);
                using var response = await field.Post(value);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(Cancel);
                if (status is < 400 or >= 500)
                {
                    failures.Add($"{field.Description} = '{shown}': {status}");
                }
                else if (body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
                {
                    failures.Add($"{field.Description} = '{shown}': {status} shows exception details");
                }
                else if (!body.Contains("hidden control character", StringComparison.Ordinal))
                {
                    failures.Add($"{field.Description} = '{shown}': {status} without saying why: {System.Text.RegularExpressions.Regex.Replace(body, "<[^>]+>|\\s+", " ")[..Math.Min(body.Length, 400)]}");
                }
                else if (response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains("<html", StringComparison.OrdinalIgnoreCase))
                {
                    var page = await response.ReadDocumentAsync();
                    var group = page.QuerySelector($"#{field.FieldId}")?.Closest(".nhsuk-form-group--error");
                    var beside = string.Join(" | ", group?.QuerySelectorAll(".nhsuk-error-message").Select(e => e.TextContent) ?? []);
                    if (!beside.Contains("hidden control character", StringComparison.Ordinal))
                    {
                        failures.Add($"{field.Description} = '{shown}': no message beside #{field.FieldId} ('{beside}')");
                    }
                }
            }
        }

        foreach (var command in commands)
        {
            foreach (var value in ControlCharacterValues)
            {
                var refusal = await command.Refusal(value);
                if (refusal?.Contains("hidden control character", StringComparison.Ordinal) != true)
                {
                    failures.Add($"{command.Description} = '{Escape(value)}': {refusal ?? "accepted"}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} control-character posts were not refused beside their field:\n" + string.Join("\n", failures));
        Assert.Equal(before, await EverythingAsync());

        // U+202E is text a person may type or paste; it is saved or refused for other reasons, never a 5xx.
        foreach (var field in fields)
        {
            foreach (var value in RightToLeftValues)
            {
                using var response = await field.Post(value);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{field.Description} = '{Escape(value)}': {(int)response.StatusCode}");
                }
            }
        }

        foreach (var command in commands)
        {
            foreach (var value in RightToLeftValues)
            {
                await command.Refusal(value); // an exception fails the test
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The password forms take any characters a person types (a password is never stored or shown), so control
    /// characters and right-to-left overrides there are refused as wrong or weak passwords: never a 5xx.
    /// </summary>
    [Fact]
    public async Task Control_characters_and_right_to_left_overrides_in_the_sign_in_and_change_password_forms_never_fail()
    {
        var failures = new List<string>();
        // A few values, not all: sign-in and change-password posts are limited per client address a minute.
        foreach (var value in new[] { ControlCharacterValues[0], ControlCharacterValues[1], ControlCharacterValues[2], RightToLeftValues[1] })
        {
            using var anonymous = app.Factory.CreateBrowserlikeClient(followRedirects: false);
            var signIn = await anonymous.GetDocumentAsync(AccountSetup.SignInPath);
            foreach (var field in new[] { "Input.Email", "Input.Password" })
            {
                using var response = await anonymous.SubmitAsync(signIn, "#sign-in-form", new Dictionary<string, string?>
                {
                    ["Input.Email"] = "nobody@test.example",
                    ["Input.Password"] = "a perfectly fine password",
                    [field] = value,
                });
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"sign-in {field} = '{Escape(value)}': {(int)response.StatusCode}");
                }
            }

            // A person of their own each time: three wrong current passwords end a session.
            using var person = await app.Factory.SignedInClientAsync(followRedirects: false, name: $"control password {Guid.NewGuid():N}");
            var change = await person.GetDocumentAsync(AccountSetup.ChangePasswordPath);
            foreach (var field in new[] { "Input.Current", "Input.New" })
            {
                using var response = await person.SubmitAsync(change, "#password-form", new Dictionary<string, string?>
                {
                    ["Input.Current"] = "not the password",
                    ["Input.New"] = "a new fine password",
                    ["Input.Confirm"] = "a new fine password",
                    [field] = value,
                });
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"change password {field} = '{Escape(value)}': {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every free-text field of every form, each with what it takes to reach it.</summary>
    private async Task<List<FreeTextField>> FreeTextFieldsAsync(HttpClient admin, HttpClient reviewer, HttpClient moderator, List<FreeTextCommand> commands)
    {
        var list = new List<FreeTextField>();
        int programmeId;
        string userId;
        int organisationId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            programmeId = await db.Programmes.Where(p => p.Code == "A3").Select(p => p.Id).SingleAsync(Cancel);
            userId = await db.Users.OrderBy(u => u.Id).Where(u => u.Email!.StartsWith("manager")).Select(u => u.Id).FirstOrDefaultAsync(Cancel) ?? "";
            organisationId = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync(Cancel);
        }

        if (userId.Length == 0)
        {
            await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Manager);
            await using var db = app.Factory.Database.CreateContext();
            userId = await db.Users.Where(u => u.Email!.StartsWith("manager")).Select(u => u.Id).FirstAsync(Cancel);
        }

        // Programme: add and change.
        var newProgramme = await admin.GetDocumentAsync("/programmes/new");
        var provider = newProgramme.QuerySelector("#provider option[value]:not([value=''])")!.GetAttribute("value")!;
        var editProgramme = await admin.GetDocumentAsync($"/programmes/{programmeId}/edit");
        foreach (var (name, id) in new[] { ("Code", "code"), ("Name", "name"), ("Venue", "venue"), ("Location", "location") })
        {
            list.Add(new($"new programme {name}", id, value => admin.SubmitAsync(newProgramme, "#programme-form", new Dictionary<string, string?>
            {
                ["Input.Code"] = "CTRL",
                ["Input.Name"] = "Control characters",
                ["Input.ProviderId"] = provider,
                [$"Input.{name}"] = value,
            })));
            list.Add(new($"programme change {name}", id, value => admin.SubmitAsync(editProgramme, "#programme-form", new Dictionary<string, string?> { [$"Input.{name}"] = value })));
        }

        // Facilitators.
        var programmePage = await admin.GetDocumentAsync($"/programmes/{programmeId}");
        list.Add(new("facilitator name", "facilitator-name", value => admin.SubmitAsync(programmePage, "#add-facilitator", new Dictionary<string, string?>
        {
            ["NewFacilitator.Role"] = "HealthVisitor",
            ["NewFacilitator.Training"] = "Developmental",
            ["NewFacilitator.Name"] = value,
        })));

        // Rounds.
        var newRound = await admin.GetDocumentAsync("/rounds/new");
        foreach (var (name, id) in new[] { ("Name", "name"), ("Description", "description") })
        {
            list.Add(new($"round {name}", id, value => admin.SubmitAsync(newRound, "#round-form", new Dictionary<string, string?>
            {
                ["Input.Name"] = "Control round",
                ["Input.StartDay"] = "1",
                ["Input.StartMonth"] = "1",
                ["Input.StartYear"] = "2030",
                ["Input.EndDay"] = "2",
                ["Input.EndMonth"] = "1",
                ["Input.EndYear"] = "2030",
                [$"Input.{name}"] = value,
            })));
        }

        // A round's correction (until it has a final review).
        var correctable = await CreateRoundAsync(app.Factory, "Control round to correct");
        var editRound = await admin.GetDocumentAsync($"/rounds/{correctable}/edit");
        list.Add(new("round change name", "name", value => admin.SubmitAsync(editRound, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = value,
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "9",
            ["Input.StartYear"] = "2027",
            ["Input.EndDay"] = "30",
            ["Input.EndMonth"] = "11",
            ["Input.EndYear"] = "2027",
        })));

        // An API token's name (the person's own tokens page).
        var tokens = await admin.GetDocumentAsync("/account/tokens");
        list.Add(new("API token name", "token-name", value => admin.SubmitAsync(tokens, "#token-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = value,
            ["Input.ExpiresInDays"] = "90",
        })));

        // Users: add, change, change email; organisations: add and rename. The pages are interactive (issue 10, step 5):
        // each runs the page's command as the administrator (AdminCommands); the message must be the field's own.
        var newUser = await admin.GetDocumentAsync("/admin/users/new");
        var commissioning = newUser.QuerySelector("#organisation optgroup option")!.GetAttribute("value");
        foreach (var (name, id) in new[] { ("DisplayName", "display-name"), ("Email", "email"), ("Password", "password") })
        {
            list.Add(new($"new user {name}", id, async value =>
            {
                var form = new UserForm { DisplayName = "Control User", Email = "control.user@test.example", Role = AuditRoles.Manager, OrganisationId = commissioning, Password = "a perfectly fine password" };
                typeof(UserForm).GetProperty(name)!.SetValue(form, value);
                return AdminCommands.AsResponse((await app.Factory.CreateUserAsync(form)).Errors, id);
            }));
        }

        list.Add(new("user change name", "display-name", async value =>
        {
            var form = await app.Factory.FormOfAsync(userId);
            form.DisplayName = value;
            return AdminCommands.AsResponse(await app.Factory.UpdateUserAsync(userId, form), "display-name");
        }));
        list.Add(new("user change email", "new-email", async value => AdminCommands.AsResponse(await app.Factory.ChangeEmailAsync(userId, value), "new-email")));
        list.Add(new("new organisation", "organisation-name", async value => AdminCommands.AsResponse(await app.Factory.CreateOrganisationAsync(value, "Provider"), "organisation-name")));
        list.Add(new("organisation rename", "rename-name", async value => AdminCommands.AsResponse(await app.Factory.RenameOrganisationAsync(organisationId, value) ?? [], "rename-name")));

        // Moderation reasons, the action plan and the reopen reason, on a moderated final review of their own.
        // (Two pairs: one stays unmoderated for the reasons, the other is moderated for the final review.)
        var moderationUrls = await TwoSubmittedReviewsAsync(admin, "A4", "A5");
        var unmoderated = await moderator.GetDocumentAsync(moderationUrls[0]);
        list.Add(new("moderation reason", "M2-reason", value => moderator.SubmitAsync(unmoderated, "#moderation-form", new Dictionary<string, string?>
        {
            ["Input.Decisions[0].Rating"] = "No",
            ["Input.Decisions[0].Reason"] = value,
        })));
        var moderation = await moderator.GetDocumentAsync(moderationUrls[1]);
        var moderated = await moderator.SubmitAsync(moderation, "#moderation-form", new Dictionary<string, string?>
        {
            ["Input.Decisions[0].Rating"] = "No",
            ["Input.Decisions[0].Reason"] = "Invitations were by leaflet only.",
        });
        Assert.Equal(HttpStatusCode.Redirect, moderated.StatusCode);
        var final = IdFrom(moderated, "assessments");
        var actions = await moderator.GetDocumentAsync($"/assessments/{final}/actions");
        foreach (var (name, id) in new[] { ("WhatWillChange", "action-what"), ("Owner", "action-owner") })
        {
            list.Add(new($"action {name}", id, value => moderator.SubmitAsync(actions, "#add-action-form", new Dictionary<string, string?>
            {
                ["Input.Mechanism"] = "M2",
                ["Input.WhatWillChange"] = "Invite in person.",
                ["Input.Owner"] = "Centre lead",
                ["Input.DueDay"] = "1",
                ["Input.DueMonth"] = "2",
                ["Input.DueYear"] = "2031",
                [$"Input.{name}"] = value,
            })));
        }

        commands.Add(new("reopen reason", async value =>
            (await app.Factory.RunAsAssessorAsync<ScoringService, (SaveResult Result, FieldError? Error)>(final, s => s.ReopenAsync(final, value, Cancel))).Error?.Message));

        // Evidence notes: the whole scoring form, and the in-place (htmx) save of one mechanism.
        var roundId = await CreateRoundAsync(app.Factory, "Control characters round");
        var draft = await StartReviewAsync(reviewer, programmeId, roundId);
        var scoring = await ScoringPageAsync(reviewer, draft);
        commands.Add(new("evidence note, the live form's save", async value => string.Join(" ", (await app.Factory.RunAsAssessorAsync<ScoringService, SaveOutcome>(draft, s => s.SaveAsync(draft,
            new Dictionary<Domain.Mechanisms.MechanismId, MechanismInput> { [new(3)] = new() { Note = value } }, Cancel))).Errors.Select(e => e.Message))));
        list.Add(new("evidence note, in place", "M2-note", value => reviewer.PostFieldsAsync($"/assessments/{draft}/mechanisms/M2",
        [
            new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(scoring)),
            new("Form.Mechanisms[1].Version", scoring.QuerySelector("#M2-version")!.GetAttribute("value")!),
            new(RatingField(2), "No"), new(NoteField(2), value),
        ])));
        return list;
    }

    /// <summary>For each programme, two reviews that disagree on M2 (the rest Not assessed by both), both submitted: the moderation pages' addresses.</summary>
    private async Task<List<string>> TwoSubmittedReviewsAsync(HttpClient admin, params string[] codes)
    {
        var roundPage = await admin.GetDocumentAsync("/rounds/new");
        var created = await admin.SubmitAsync(roundPage, "#round-form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Control characters two-rater round",
            ["Input.TwoReviews"] = "true",
            ["Input.StartDay"] = "1",
            ["Input.StartMonth"] = "1",
            ["Input.StartYear"] = "2031",
            ["Input.EndDay"] = "31",
            ["Input.EndMonth"] = "3",
            ["Input.EndYear"] = "2031",
        });
        var round = IdFrom(created, "rounds");
        var urls = new List<string>();
        foreach (var code in codes)
        {
            int programme;
            await using (var db = app.Factory.Database.CreateContext())
            {
                programme = await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
            }

            foreach (var (rater, rating) in new[] { ("control first", "Yes"), ("control second", "No") })
            {
                using var client = await app.Factory.SignedInClientAsync(followRedirects: false, name: rater);
                var review = await StartReviewAsync(client, programme, round);
                var page = await ScoringPageAsync(client, review);
                var saved = await client.PostFieldsAsync($"/assessments/{review}/mechanisms/M2",
                [
                    new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(page)),
                    new("Form.Mechanisms[1].Version", page.QuerySelector("#M2-version")!.GetAttribute("value")!),
                    new(RatingField(2), rating), new(NoteField(2), "Seen."),
                ]);
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
                await AnswerTheRestAsync(client, review); // the other 14 Not assessed, with a reason: submitting needs all answered
                var submitted = await client.SubmitAsync(await client.GetDocumentAsync($"/assessments/{review}/check"), "#finalise-form");
                Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
            }

            urls.Add($"/programmes/{programme}/rounds/{round}/moderation");
        }

        return urls;
    }

    /// <summary>The database as far as any form could change it: the shared snapshot, and every line of the change log.</summary>
    private async Task<(DatabaseSnapshot Snapshot, int ChangeLog, int Users, int Facilitators, int Actions, int Tokens)> EverythingAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        return (await DatabaseSnapshot.TakeAsync(db), await db.ChangeLog.CountAsync(Cancel), await db.Users.CountAsync(Cancel),
            await db.Set<Domain.Programmes.Facilitator>().CountAsync(Cancel), await db.ActionPlanItems.CountAsync(Cancel),
            await db.PersonalAccessTokens.CountAsync(Cancel));
    }

    private static string Escape(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'
            ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")
            : c.ToString()));
}
