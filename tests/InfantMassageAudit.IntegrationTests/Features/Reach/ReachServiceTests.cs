using System.Globalization;
using System.Security.Claims;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Reach;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.History;
using InfantMassageAudit.Web.Features.Reach;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfantMassageAudit.IntegrationTests.Features.Reach;

/// <summary>
/// Entering reach and area need through <see cref="ReachService"/>, as the interactive pages call it (a
/// context per operation, the person from the circuit): validation with nothing saved on error, who may
/// enter, read and confirm, confirmation cleared by a change, and saves from an older copy refused.
/// The interactive pages' commands cannot be posted as forms, so the access rules are tested here with
/// each role's principal (the pages' GETs are in AccessMatrixTests).
/// </summary>
public sealed class ReachServiceTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_facilitator_enters_their_own_programmes_reach_and_reads_it_back_with_who_entered_it()
    {
        var (programme, round) = (await ProgrammeAsync("A1"), await NewRoundAsync());
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");

        var result = await RunAsync(facilitator, s => s.SaveAsync(programme, round, Consistent(), Cancel));
        var page = await RunAsync(facilitator, s => s.GetAsync(programme, round, Cancel));

        Assert.Equal(ReachOutcome.Saved, result.Outcome);
        Assert.NotNull(page);
        Assert.True(page.CanEdit);
        Assert.False(page.CanConfirm);
        Assert.Equal("20", page.Form.Stages[ReachStage.Invited].Total);
        Assert.Equal("3", page.Form.Stages[ReachStage.Started].Indicators[NeedIndicator.ParentalMentalIllHealth]);
        Assert.Equal("12", page.Form.Routes[InvitationRoute.HealthVisitor]);
        Assert.Equal(AuditRound.DefaultCompletedAfterSessions, page.CompletedAfterSessions);
        Assert.StartsWith("Test Facilitator", page.Status!.EnteredBy, StringComparison.Ordinal);
        Assert.False(page.Status.IsConfirmed);
    }

    [Theory]
    [InlineData("started-total", "21", "started-total", "Started cannot be more than invited or referred (20).")]
    [InlineData("completed-total", "16", "completed-total", "Completed cannot be more than started (15).")]
    [InlineData("started-any", "9", "started-any", "Started with one or more need indicators cannot be more than invited or referred with them (8).")]
    [InlineData("invited-any", "21", "invited-any", "Invited or referred with one or more need indicators cannot be more than invited or referred in all (20).")]
    [InlineData("started-ParentalMentalIllHealth", "7", "started-ParentalMentalIllHealth", "cannot be more than started with one or more need indicators (6)")]
    [InlineData("invited-total", "-3", "invited-total", "Invited or referred must be 0 or more.")]
    [InlineData("invited-total", "20000", "invited-total", "Invited or referred must be 10,000 or fewer.")]
    [InlineData("invited-total", "99999999999999", "invited-total", "Invited or referred must be 10,000 or fewer.")]
    [InlineData("completed-total", "twelve", "completed-total", "Completed must be a whole number, like 12")]
    [InlineData("started-total", "", "started-total", "Enter how many started (0 if none)")]
    [InlineData("route-HealthVisitor", "19", "route-HealthVisitor", "The invitation routes add up to 27, more than the 20 invited or referred.")]
    public async Task Inconsistent_negative_or_absurd_figures_are_refused_beside_their_field_and_nothing_is_saved(string field, string value, string expectedField, string expectedMessage)
    {
        var (programme, round) = (await ProgrammeAsync("A2"), await NewRoundAsync());
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");
        var saved = await RunAsync(facilitator, s => s.SaveAsync(programme, round, Consistent(), Cancel));
        var before = await ReachFingerprintAsync();
        var form = Consistent();
        form.Version = saved.Version;
        Set(form, field, value);

        var result = await RunAsync(facilitator, s => s.SaveAsync(programme, round, form, Cancel));

        Assert.Equal(ReachOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.FieldId == expectedField && e.Message.Contains(expectedMessage, StringComparison.Ordinal));
        Assert.Equal(before, await ReachFingerprintAsync());
        Assert.Equal(value, Get(form, field)); // the form keeps what was typed
    }

    [Fact]
    public async Task A_facilitator_gets_not_found_for_another_providers_programme_and_cannot_confirm_their_own()
    {
        var round = await NewRoundAsync();
        var (own, other) = (await ProgrammeAsync("A3"), await ProgrammeAsync("B7"));
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        await RunAsync(commissioner, s => s.SaveAsync(other, round, Consistent(), Cancel));
        var before = await ReachFingerprintAsync();

        Assert.Null(await RunAsync(facilitator, s => s.GetAsync(other, round, Cancel)));
        Assert.Null(await RunAsync(facilitator, s => s.StatusAsync(other, round, Cancel)));
        Assert.Equal(ReachOutcome.NotFound, (await RunAsync(facilitator, s => s.SaveAsync(other, round, Consistent(), Cancel))).Outcome);
        Assert.Equal(ReachOutcome.NotFound, (await RunAsync(facilitator, s => s.ConfirmAsync(other, round, 1, Cancel))).Outcome);
        Assert.Equal(before, await ReachFingerprintAsync());

        var saved = await RunAsync(facilitator, s => s.SaveAsync(own, round, Consistent(), Cancel));
        var confirm = await RunAsync(facilitator, s => s.ConfirmAsync(own, round, saved.Version!.Value, Cancel));
        Assert.Equal(ReachOutcome.Forbidden, confirm.Outcome);
        Assert.False((await RunAsync(facilitator, s => s.StatusAsync(own, round, Cancel)))!.IsConfirmed);
    }

    [Fact]
    public async Task A_manager_reads_reach_but_cannot_enter_or_confirm_and_an_administrator_enters_but_does_not_confirm()
    {
        var (programme, round) = (await ProgrammeAsync("B7"), await NewRoundAsync());
        var manager = await PersonAsync(AuditRoles.Manager);
        var administrator = await PersonAsync(AuditRoles.Administrator);
        var before = await ReachFingerprintAsync();

        var page = await RunAsync(manager, s => s.GetAsync(programme, round, Cancel));
        var save = await RunAsync(manager, s => s.SaveAsync(programme, round, Consistent(), Cancel));

        Assert.NotNull(page);
        Assert.False(page.CanEdit);
        Assert.False(page.CanConfirm);
        Assert.Equal(ReachOutcome.Forbidden, save.Outcome);
        Assert.Equal(before, await ReachFingerprintAsync());

        var saved = await RunAsync(administrator, s => s.SaveAsync(programme, round, Consistent(), Cancel));
        Assert.Equal(ReachOutcome.Saved, saved.Outcome);
        Assert.Equal(ReachOutcome.Forbidden, (await RunAsync(administrator, s => s.ConfirmAsync(programme, round, saved.Version!.Value, Cancel))).Outcome);
        Assert.Equal(ReachOutcome.Forbidden, (await RunAsync(manager, s => s.ConfirmAsync(programme, round, saved.Version!.Value, Cancel))).Outcome);
    }

    [Fact]
    public async Task A_commissioner_confirms_and_a_later_change_clears_the_confirmation_and_the_history_says_so()
    {
        var (programme, round) = (await ProgrammeAsync("A4"), await NewRoundAsync());
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var saved = await RunAsync(facilitator, s => s.SaveAsync(programme, round, Consistent(), Cancel));

        var confirmed = await RunAsync(commissioner, s => s.ConfirmAsync(programme, round, saved.Version!.Value, Cancel));
        var status = await RunAsync(facilitator, s => s.StatusAsync(programme, round, Cancel));
        Assert.Equal(ReachOutcome.Saved, confirmed.Outcome);
        Assert.True(status!.IsConfirmed);
        Assert.StartsWith("Test Commissioner", status.ConfirmedBy, StringComparison.Ordinal);

        var changed = Consistent();
        changed.Version = confirmed.Version;
        changed.Stages[ReachStage.Completed].Total = "11";
        var resaved = await RunAsync(facilitator, s => s.SaveAsync(programme, round, changed, Cancel));
        var after = await RunAsync(commissioner, s => s.GetAsync(programme, round, Cancel));

        Assert.Equal(ReachOutcome.Saved, resaved.Outcome);
        Assert.False(after!.Status!.IsConfirmed);
        Assert.Null(after.Status.ConfirmedBy);
        Assert.True(after.CanConfirm);
        Assert.Equal("11", after.Form.Stages[ReachStage.Completed].Total);

        var history = await RunAsync<HistoryService, List<HistoryLine>>(commissioner, h => h.ForProgrammeAsync(programme, Cancel));
        Assert.Contains(history, l => l.What == "Reach figures added" && l.Actor.StartsWith("Test Facilitator", StringComparison.Ordinal) && l.To!.Contains("20 invited or referred", StringComparison.Ordinal));
        Assert.Contains(history, l => l.What == "Reach figures confirmed" && l.From is null && l.To is not null && l.Actor.StartsWith("Test Commissioner", StringComparison.Ordinal));
        Assert.Contains(history, l => l.What == "Reach figures confirmed" && l.From is not null && l.To is null); // cleared by the change
        Assert.Contains(history, l => l.What == "Reach figures: completed" && l.From == "12" && l.To == "11");
    }

    [Fact]
    public async Task A_commissioner_who_entered_the_figures_cannot_confirm_them_and_another_commissioner_can()
    {
        var (programme, round) = (await ProgrammeAsync("A6"), await NewRoundAsync());
        var enterer = await PersonAsync(AuditRoles.Commissioner, name: "enterer");
        var other = await PersonAsync(AuditRoles.Commissioner, name: "other");
        var saved = await RunAsync(enterer, s => s.SaveAsync(programme, round, Consistent(), Cancel));
        var before = await ReachFingerprintAsync();

        var own = await RunAsync(enterer, s => s.ConfirmAsync(programme, round, saved.Version!.Value, Cancel));
        var page = await RunAsync(enterer, s => s.GetAsync(programme, round, Cancel));

        Assert.Equal(ReachOutcome.Forbidden, own.Outcome);
        Assert.Equal("You entered these figures, so another commissioner must confirm them.", own.Errors.Single().Message);
        Assert.True(page!.Status!.EnteredByViewer);
        Assert.Equal(before, await ReachFingerprintAsync());

        var theirs = await RunAsync(other, s => s.ConfirmAsync(programme, round, saved.Version!.Value, Cancel));
        Assert.Equal(ReachOutcome.Saved, theirs.Outcome);
        Assert.False((await RunAsync(other, s => s.GetAsync(programme, round, Cancel)))!.Status!.EnteredByViewer);
    }

    [Fact]
    public async Task A_save_from_an_older_copy_is_a_conflict_that_keeps_the_typed_values_and_saves_nothing_and_confirming_old_figures_too()
    {
        var (programme, round) = (await ProgrammeAsync("A5"), await NewRoundAsync());
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var first = await RunAsync(facilitator, s => s.SaveAsync(programme, round, Consistent(), Cancel));
        var theirs = Consistent();
        var mine = Consistent();
        theirs.Version = mine.Version = first.Version;
        theirs.Stages[ReachStage.Completed].Total = "10";
        mine.Stages[ReachStage.Completed].Total = "9";

        var theirSave = await RunAsync(commissioner, s => s.SaveAsync(programme, round, theirs, Cancel));
        var before = await ReachFingerprintAsync();
        var mySave = await RunAsync(facilitator, s => s.SaveAsync(programme, round, mine, Cancel));

        Assert.Equal(ReachOutcome.Saved, theirSave.Outcome);
        Assert.Equal(ReachOutcome.Conflict, mySave.Outcome);
        Assert.Contains("Someone else saved these figures", mySave.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(theirSave.Version, mySave.Version);
        Assert.Equal("9", mine.Stages[ReachStage.Completed].Total);
        Assert.Equal(before, await ReachFingerprintAsync());

        // Confirming the figures as first seen is refused too: they are not the ones saved now.
        Assert.Equal(ReachOutcome.Conflict, (await RunAsync(commissioner, s => s.ConfirmAsync(programme, round, first.Version!.Value, Cancel))).Outcome);

        // Saving again, knowingly, from the newer version replaces them.
        mine.Version = mySave.Version;
        Assert.Equal(ReachOutcome.Saved, (await RunAsync(facilitator, s => s.SaveAsync(programme, round, mine, Cancel))).Outcome);
        Assert.Equal("9", (await RunAsync(facilitator, s => s.GetAsync(programme, round, Cancel)))!.Form.Stages[ReachStage.Completed].Total);
    }

    [Fact]
    public async Task A_commissioner_records_an_areas_need_a_second_for_the_same_location_and_year_is_refused_beside_the_location()
    {
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var form = Area("Location Q", "2026");

        var added = await RunAsync(commissioner, s => s.SaveAreaAsync(null, form, Cancel));
        var list = await RunAsync(commissioner, s => s.ListAreasAsync(Cancel));

        Assert.Equal(ReachOutcome.Saved, added.Outcome);
        var row = Assert.Single(list!.Rows, r => r.Location == "Location Q");
        Assert.Equal((2026, 1200, 300), (row.Year, row.Births, row.FamiliesWithAnyIndicator));
        Assert.Equal(0.25, row.Share, 3);
        Assert.Equal("Local needs assessment 2026", row.Source);
        Assert.StartsWith("Test Commissioner", row.RecordedBy, StringComparison.Ordinal);

        var before = await ReachFingerprintAsync();
        var duplicate = await RunAsync(commissioner, s => s.SaveAreaAsync(null, Area("  location  q ", "2026"), Cancel));
        Assert.Equal(ReachOutcome.Invalid, duplicate.Outcome);
        Assert.Contains(duplicate.Errors, e => e.FieldId == ReachService.LocationField && e.Message.Contains("already has figures for 2026", StringComparison.Ordinal));
        Assert.Equal(before, await ReachFingerprintAsync());

        // Another year is another record; the first can be corrected.
        Assert.Equal(ReachOutcome.Saved, (await RunAsync(commissioner, s => s.SaveAreaAsync(null, Area("Location Q", "2027"), Cancel))).Outcome);
        var edit = (await RunAsync(commissioner, s => s.GetAreaAsync(added.Id, Cancel)))!.Form;
        edit.Births = "1300";
        Assert.Equal(ReachOutcome.Saved, (await RunAsync(commissioner, s => s.SaveAreaAsync(added.Id, edit, Cancel))).Outcome);
        Assert.Equal("1300", (await RunAsync(commissioner, s => s.GetAreaAsync(added.Id, Cancel)))!.Form.Births);

        // Moving it onto the 2027 record's year is refused as a duplicate too.
        edit.Version++;
        edit.Year = "2027";
        Assert.Contains((await RunAsync(commissioner, s => s.SaveAreaAsync(added.Id, edit, Cancel))).Errors, e => e.FieldId == ReachService.LocationField);
    }

    [Theory]
    [InlineData("births", "0", "births", "Births must be between 1 and 200,000.")]
    [InlineData("families-any", "1300", "families-any", "no more than the births")]
    [InlineData("families-DomesticAbuse", "301", "families-DomesticAbuse", "cannot be more than families with one or more need indicators (300)")]
    [InlineData("year", "1999", "year", "The year must be between 2000 and 2100")]
    [InlineData("source", "", "source", "Enter where the figures come from")]
    [InlineData("source", "Needs\u0007 assessment", "source", "hidden control character")]
    [InlineData("location", "", "location", "Enter the location")]
    public async Task Area_need_problems_are_refused_beside_their_field_and_nothing_is_saved(string field, string value, string expectedField, string expectedMessage)
    {
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var form = Area("Location V", "2030");
        switch (field)
        {
            case "births": form.Births = value; break;
            case "families-any": form.FamiliesWithAnyIndicator = value; break;
            case "year": form.Year = value; break;
            case "source": form.Source = value; break;
            case "location": form.Location = value; break;
            default: form.Indicators[Enum.Parse<NeedIndicator>(field["families-".Length..])] = value; break;
        }

        var before = await ReachFingerprintAsync();
        var result = await RunAsync(commissioner, s => s.SaveAreaAsync(null, form, Cancel));

        Assert.Equal(ReachOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.FieldId == expectedField && e.Message.Contains(expectedMessage, StringComparison.Ordinal));
        Assert.Equal(before, await ReachFingerprintAsync());
    }

    [Fact]
    public async Task Families_given_as_a_percentage_of_births_are_saved_as_families()
    {
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var form = Area("Location P", "2026");
        form.FamiliesWithAnyIndicator = "30%";
        form.Indicators[NeedIndicator.DomesticAbuse] = "12.5 %";

        var saved = await RunAsync(commissioner, s => s.SaveAreaAsync(null, form, Cancel));
        var read = (await RunAsync(commissioner, s => s.GetAreaAsync(saved.Id, Cancel)))!.Form;

        Assert.Equal(ReachOutcome.Saved, saved.Outcome);
        Assert.Equal("360", read.FamiliesWithAnyIndicator); // 30% of 1,200 births
        Assert.Equal("150", read.Indicators[NeedIndicator.DomesticAbuse]);

        var refused = Area("Location P", "2027");
        refused.Indicators[NeedIndicator.DomesticAbuse] = "120%";
        var result = await RunAsync(commissioner, s => s.SaveAreaAsync(null, refused, Cancel));
        Assert.Contains(result.Errors, e => e.FieldId == "families-DomesticAbuse" && e.Message.Contains("between 0% and 100%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Managers_read_area_need_but_cannot_change_it_and_facilitators_see_none_of_it()
    {
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var manager = await PersonAsync(AuditRoles.Manager);
        var facilitator = await PersonAsync(AuditRoles.Facilitator, "Location A");
        var added = await RunAsync(commissioner, s => s.SaveAreaAsync(null, Area("Location M", "2026"), Cancel));
        var before = await ReachFingerprintAsync();

        var managerList = await RunAsync(manager, s => s.ListAreasAsync(Cancel));
        var managerPage = await RunAsync(manager, s => s.GetAreaAsync(added.Id, Cancel));
        var managerSave = await RunAsync(manager, s => s.SaveAreaAsync(null, Area("Location N", "2026"), Cancel));

        Assert.NotNull(managerList);
        Assert.False(managerList.CanEdit);
        Assert.False(managerPage!.CanEdit);
        Assert.Equal(ReachOutcome.Forbidden, managerSave.Outcome);
        Assert.Null(await RunAsync(facilitator, s => s.ListAreasAsync(Cancel)));
        Assert.Null(await RunAsync(facilitator, s => s.GetAreaAsync(added.Id, Cancel)));
        Assert.Equal(ReachOutcome.NotFound, (await RunAsync(facilitator, s => s.SaveAreaAsync(added.Id, Area("Location M", "2026"), Cancel))).Outcome);
        Assert.Equal(before, await ReachFingerprintAsync());
    }

    [Fact]
    public async Task Changing_an_area_from_an_older_copy_is_a_conflict_and_the_location_suggestions_hold_the_programmes_locations()
    {
        var commissioner = await PersonAsync(AuditRoles.Commissioner);
        var administrator = await PersonAsync(AuditRoles.Administrator);
        var added = await RunAsync(commissioner, s => s.SaveAreaAsync(null, Area("Location K", "2026"), Cancel));
        var mine = (await RunAsync(commissioner, s => s.GetAreaAsync(added.Id, Cancel)))!;
        var theirs = (await RunAsync(administrator, s => s.GetAreaAsync(added.Id, Cancel)))!.Form;
        theirs.Births = "1250";
        Assert.Equal(ReachOutcome.Saved, (await RunAsync(administrator, s => s.SaveAreaAsync(added.Id, theirs, Cancel))).Outcome);
        mine.Form.Births = "1100";
        var before = await ReachFingerprintAsync();

        var conflict = await RunAsync(commissioner, s => s.SaveAreaAsync(added.Id, mine.Form, Cancel));

        Assert.Equal(ReachOutcome.Conflict, conflict.Outcome);
        Assert.Equal("1100", mine.Form.Births);
        Assert.Equal(before, await ReachFingerprintAsync());
        Assert.Contains("Location A", mine.LocationSuggestions);
    }

    private static ReachForm Consistent()
    {
        var form = new ReachForm();
        Fill(form.Stages[ReachStage.Invited], "20", "8", (NeedIndicator.ParentalMentalIllHealth, "5"), (NeedIndicator.LackOfSupport, "4"));
        Fill(form.Stages[ReachStage.Started], "15", "6", (NeedIndicator.ParentalMentalIllHealth, "3"), (NeedIndicator.LackOfSupport, "4"));
        Fill(form.Stages[ReachStage.Completed], "12", "4", (NeedIndicator.ParentalMentalIllHealth, "2"), (NeedIndicator.LackOfSupport, "3"));
        form.Routes[InvitationRoute.HealthVisitor] = "12";
        form.Routes[InvitationRoute.SelfReferral] = "8";
        return form;
    }

    private static void Fill(StageForm stage, string total, string withAny, params (NeedIndicator Indicator, string Count)[] indicators)
    {
        stage.Total = total;
        stage.WithAnyIndicator = withAny;
        foreach (var (indicator, count) in indicators)
        {
            stage.Indicators[indicator] = count;
        }
    }

    private static AreaNeedForm Area(string location, string year)
    {
        var form = new AreaNeedForm { Location = location, Year = year, Births = "1200", FamiliesWithAnyIndicator = "300", Source = "Local needs assessment 2026" };
        form.Indicators[NeedIndicator.DomesticAbuse] = "60";
        form.Indicators[NeedIndicator.ParentalMentalIllHealth] = "150";
        return form;
    }

    private static void Set(ReachForm form, string field, string value)
    {
        foreach (var stage in ReachStages.All)
        {
            var fields = form.Stages[stage];
            if (field == ReachFigures.FieldId(stage))
            {
                fields.Total = value;
                return;
            }

            if (field == ReachFigures.AnyIndicatorFieldId(stage))
            {
                fields.WithAnyIndicator = value;
                return;
            }

            foreach (var indicator in NeedIndicators.All.Where(i => field == ReachFigures.FieldId(stage, i)))
            {
                fields.Indicators[indicator] = value;
                return;
            }
        }

        form.Routes[InvitationRoutes.All.Single(r => ReachFigures.FieldId(r) == field)] = value;
    }

    private static string? Get(ReachForm form, string field)
    {
        foreach (var stage in ReachStages.All)
        {
            var fields = form.Stages[stage];
            if (field == ReachFigures.FieldId(stage))
            {
                return fields.Total;
            }

            if (field == ReachFigures.AnyIndicatorFieldId(stage))
            {
                return fields.WithAnyIndicator;
            }

            if (NeedIndicators.All.FirstOrDefault(i => field == ReachFigures.FieldId(stage, i)) is var indicator && indicator != 0)
            {
                return fields.Indicators[indicator];
            }
        }

        return form.Routes[InvitationRoutes.All.Single(r => ReachFigures.FieldId(r) == field)];
    }

    /// <summary>Everything reach and area need hold, and the change log's length: equal before and after means nothing was saved.</summary>
    private async Task<string> ReachFingerprintAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        var reach = await db.ProgrammeReach.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Cancel);
        var areas = await db.AreaNeeds.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Cancel);
        var log = await db.ChangeLog.CountAsync(Cancel);
        return string.Join('\n', reach.Select(r => $"{r.Id}:{r.Version}:{r.ConfirmedAt:O}:{string.Join(',', Describe(r.Figures))}"))
            + "\n" + string.Join('\n', areas.Select(a => $"{a.Id}:{a.Version}:{a.Location}:{a.Year}:{a.Births}:{a.FamiliesWithAnyIndicator}:{a.Source}:{string.Join(',', a.Indicators.OrderBy(i => i.Indicator).Select(i => $"{i.Indicator}={i.Families}"))}"))
            + "\nlog " + log.ToString(CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Describe(ReachFigures figures) =>
        ReachStages.All.SelectMany(s => new[] { $"{s}={figures.Stage(s).Total}/{figures.Stage(s).WithAnyIndicator}" }
                .Concat(NeedIndicators.All.Where(i => figures.Stage(s).With(i) > 0).Select(i => $"{s}.{i}={figures.Stage(s).With(i)}")))
            .Concat(InvitationRoutes.All.Select(r => $"{r}={figures.InvitedBy(r)}"));

    private async Task<int> ProgrammeAsync(string code)
    {
        await using var db = app.Factory.Database.CreateContext();
        return await db.Programmes.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(Cancel);
    }

    private async Task<int> NewRoundAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        var round = new AuditRound("Reach test round " + Guid.NewGuid().ToString("N")[..8], new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 30), null);
        db.AuditRounds.Add(round);
        await db.SaveChangesAsync(Cancel);
        return round.Id;
    }

    /// <summary>A real account of the role (so names show), as the principal a circuit would hold.</summary>
    private async Task<ClaimsPrincipal> PersonAsync(string role, string? location = null, string name = "")
    {
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, role, location is null ? null : DemoData.ProviderName(location), name);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await AsPerson.SignedInAsync(scope.ServiceProvider, email);
    }

    private Task<T> RunAsync<T>(ClaimsPrincipal person, Func<ReachService, Task<T>> operation) => RunAsync<ReachService, T>(person, operation);

    /// <summary>As an interactive page does: a scope of its own (the circuit), the person in <see cref="CircuitUser"/>, a context per operation.</summary>
    private async Task<T> RunAsync<TService, T>(ClaimsPrincipal person, Func<TService, Task<T>> operation)
        where TService : class
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CircuitUser>().Set(person);
        return await scope.ServiceProvider.GetRequiredService<PerOperation>().RunAsync(operation);
    }
}
