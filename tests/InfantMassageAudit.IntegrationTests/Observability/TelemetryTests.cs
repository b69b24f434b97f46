using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfantMassageAudit.IntegrationTests.Features.Programmes;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Features.Scoring;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Scoring.ScoringJourney;

namespace InfantMassageAudit.IntegrationTests.Observability;

/// <summary>Traces, metrics and log lines the app writes (docs/decisions/0011), read through in-memory exporters.</summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed partial class TelemetryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rating_save_is_one_request_trace_holding_its_database_commands_and_is_counted()
    {
        var capture = new TelemetryCapture();
        await using var database = await TestDatabase.CreateAsync();
        await using var app = TelemetryCapture.App(database, capture);
        using var client = await app.SignedInClientAsync(followRedirects: false);
        var assessmentId = await StartReviewAsync(client, await ProgrammeTestData.IdOfAsync(database, "A3"), await CreateRoundAsync(app, "Telemetry round")); // a round of its own: A3 already has the demo round's one review
        var token = HtmlClient.AntiforgeryToken(await ScoringPageAsync(client, assessmentId));
        var savedBefore = RatingsSaved(app, capture);
        const string note = "The inviter phoned each family before week one.";
        var path = $"/assessments/{assessmentId}/mechanisms/M2";
        List<KeyValuePair<string, string>> fields =
        [
            new("__RequestVerificationToken", token),
            new("Form.Mechanisms[1].Code", "M2"),
            new(RatingField(2), "Yes"),
            new(NoteField(2), note),
        ];

        var response = await client.PostFieldsAsync(path, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await capture.RequestSpanAsync(path);
        Assert.Equal("POST", request.GetTagItem("http.request.method"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        var commands = capture.Activities
            .Where(a => a.TraceId == request.TraceId && a.Kind == ActivityKind.Client && (a.GetTagItem("db.system.name") ?? a.GetTagItem("db.system")) is not null)
            .ToList();
        Assert.NotEmpty(commands);
        Assert.Contains(commands, c => c.ParentSpanId == request.SpanId);
        var system = database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";
        Assert.All(commands, c => Assert.Equal(system, c.GetTagItem("db.system.name") ?? c.GetTagItem("db.system")));
        // The evidence goes to the database as a parameter, never into a span.
        Assert.DoesNotContain(capture.Activities.SelectMany(a => a.TagObjects), tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)!.Contains(note, StringComparison.Ordinal));

        Assert.Equal(savedBefore + 1, RatingsSaved(app, capture));
        var point = Assert.Single(capture.Points(app.Services, "audit.ratings.saved"));
        Assert.Equal("Review", TelemetryCapture.Tags(point)["audit.assessment.kind"]);

        // Saving the same again changes nothing, so counts nothing.
        Assert.Equal(HttpStatusCode.OK, (await client.PostFieldsAsync(path, fields)).StatusCode);
        Assert.Equal(savedBefore + 1, RatingsSaved(app, capture));
    }

    [Fact]
    public async Task Rendering_a_pdf_records_its_render_time_and_leaves_the_queue_empty()
    {
        var capture = new TelemetryCapture();
        await using var database = await TestDatabase.CreateAsync();
        await using var app = TelemetryCapture.App(database, capture);
        using var client = await app.SignedInClientAsync(AuditRoles.Manager);

        var response = await client.GetAsync($"/reports/comparison.pdf?round={await RoundIdAsync(database)}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var rendered = Assert.Single(capture.Points(app.Services, "audit.pdf.render.duration"));
        Assert.Equal("rendered", TelemetryCapture.Tags(rendered)["audit.pdf.outcome"]);
        Assert.Equal(1, rendered.GetHistogramCount());
        Assert.InRange(rendered.GetHistogramSum(), 0.001, 60);
        // Every render that queued and printed has left: nothing waiting, no page of the pool held.
        Assert.Equal(0, Assert.Single(capture.Points(app.Services, "audit.pdf.renders.waiting")).GetSumLong());
        Assert.Equal(0, Assert.Single(capture.Points(app.Services, "audit.pdf.renders.active")).GetSumLong());
    }

    [Fact]
    public async Task Each_log_line_is_one_json_object_carrying_the_trace_id_of_its_request()
    {
        var capture = new TelemetryCapture();
        await using var database = await TestDatabase.CreateAsync();
        // ASP.NET Core's request log is off by default (Microsoft.AspNetCore: Warning); this test needs a line per request.
        await using var app = TelemetryCapture.App(database, capture, new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        using var client = app.CreateBrowserlikeClient();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, AccountSetup.SignInPath);
        // As a proxy or a caller that traces would send it (W3C Trace Context): the request joins that trace.
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = capture.LogLines.ToList();
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, e =>
        {
            Assert.True(e.TryGetProperty("timestamp", out _));
            Assert.True(e.TryGetProperty("level", out _));
            Assert.True(e.TryGetProperty("category", out _));
            Assert.True(e.TryGetProperty("message", out _));
        });
        var requestStarting = Assert.Single(entries, e =>
            e.GetProperty("category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && e.GetProperty("message").GetString()!.StartsWith("Request starting", StringComparison.Ordinal)
            && e.GetProperty("message").GetString()!.Contains(AccountSetup.SignInPath, StringComparison.Ordinal));
        Assert.Equal(traceId, requestStarting.GetProperty("traceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", requestStarting.GetProperty("spanId").GetString());
    }

    [Fact]
    public async Task No_log_line_holds_evidence_text_or_an_email_address_even_at_debug_level()
    {
        var capture = new TelemetryCapture();
        await using var database = await TestDatabase.CreateAsync();
        await using var app = TelemetryCapture.App(database, capture, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Debug",
        });
        using var client = await app.SignedInClientAsync(followRedirects: false, name: "Private");
        var assessmentId = await StartReviewAsync(client, await ProgrammeTestData.IdOfAsync(database, "A3"), await CreateRoundAsync(app, "Private round")); // a round of its own: A3 already has the demo round's one review
        const string evidence = "Quokka lullaby 7391: the health visitor rang the family at home on Tuesday";
        var page = await ScoringPageAsync(client, assessmentId);

        // A save through the live page's command and an HTTP save, each with the evidence note.
        var live = await app.RunAsAssessorAsync<ScoringService, SaveOutcome>(assessmentId, s => s.SaveAsync(assessmentId,
            new Dictionary<Domain.Mechanisms.MechanismId, MechanismInput> { [new(1)] = new() { Rating = "Yes", Note = evidence } }, Cancel));
        var inPlace = await client.PostFieldsAsync($"/assessments/{assessmentId}/mechanisms/M3",
        [
            new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(page)),
            new("Form.Mechanisms[2].Code", "M3"),
            new(RatingField(3), "Variable"),
            new(NoteField(3), evidence + " (in place)"),
        ]);

        Assert.Equal(SaveResult.Saved, live.Result);
        Assert.Equal(HttpStatusCode.OK, inPlace.StatusCode);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(evidence, await db.MechanismRatings.Where(r => r.AssessmentId == assessmentId && r.MechanismNumber == 1).Select(r => r.EvidenceNote).SingleAsync(Cancel));
        }

        Assert.NotEmpty(capture.LogLines);
        Assert.DoesNotContain(capture.RawLogText, text => text.Contains("Quokka lullaby", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.LogLines, line => line.Contains("Quokka lullaby", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.RawLogText, text => EmailAddress().IsMatch(text));
        Assert.DoesNotContain(capture.LogLines, line => EmailAddress().IsMatch(line));
    }

    [Fact]
    public async Task The_first_administrators_address_is_not_logged()
    {
        var capture = new TelemetryCapture();
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new AuditAppFactory(database, seedDemo: false, new Dictionary<string, string>
        {
            ["Bootstrap:AdminEmail"] = "first.administrator@council.example",
            ["Bootstrap:AdminPassword"] = TestUsers.Password,
            ["Bootstrap:Organisation"] = "Example council public health",
        })
        { ConfigureHost = capture.Configure };

        _ = app.Server; // start-up creates the administrator

        await using (var db = database.CreateContext())
        {
            Assert.True(await db.Users.AnyAsync(u => u.Email == "first.administrator@council.example", Cancel));
        }

        Assert.Contains(capture.LogLines, line => line.Contains("First administrator created", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.RawLogText, text => text.Contains("first.administrator", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.LogLines, line => line.Contains("first.administrator", StringComparison.Ordinal));
    }

    [Fact]
    public void An_email_address_that_reaches_the_formatter_is_masked()
    {
        Assert.Equal(
            "Could not send to [email removed] or [email removed]",
            Web.Observability.JsonLogFormatter.Mask("Could not send to someone.name+tag@nhs.example.uk or a@b.co"));
    }

    private static long RatingsSaved(AuditAppFactory app, TelemetryCapture capture) =>
        capture.Points(app.Services, "audit.ratings.saved").Sum(p => p.GetSumLong());

    private static async Task<int> RoundIdAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.AuditRounds.Select(r => r.Id).FirstAsync(Cancel);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")]
    private static partial Regex EmailAddress();
}
