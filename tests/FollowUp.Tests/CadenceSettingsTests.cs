using System.Text.Json;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class CadenceSettingsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void The_defaults_are_valid_and_survive_a_round_trip_through_json()
    {
        Assert.Empty(CadenceSettings.Validate(CadenceSettings.Default));

        var copy = JsonSerializer.Deserialize<CadenceSettings>(JsonSerializer.Serialize(CadenceSettings.Default, Json), Json)!;

        Assert.Empty(CadenceSettings.Validate(copy));
        Assert.Equal(CadenceSettings.Default.For("A").Steps, copy.For("A").Steps);
    }

    [Fact]
    public void Grades_a_and_b_need_five_touches()
    {
        var short4 = CadenceSettings.Default.For("A") with { Steps = CadenceSettings.Default.For("A").Steps.Take(4).ToList() };
        var settings = CadenceSettings.Default with { Grades = new Dictionary<string, GradeCadence>(CadenceSettings.Default.Grades) { ["B"] = short4 } };

        var errors = CadenceSettings.Validate(settings);

        Assert.Contains("at least 5 touches", Assert.Single(errors["grades.B.steps"]));
    }

    [Fact]
    public void Bad_steps_are_named_by_their_path()
    {
        var steps = CadenceSettings.Default.For("C").Steps.ToList();
        steps[1] = steps[1] with { Channel = "fax", Message = "Halo {nama}" };
        steps[2] = steps[2] with { OffsetDays = 0.5 };
        var settings = CadenceSettings.Default with
        {
            Grades = new Dictionary<string, GradeCadence>(CadenceSettings.Default.Grades) { ["C"] = new(0, steps) },
            BusinessHours = new BusinessHours("17:00", "08:00", ["funday"]),
            DefaultTimeZone = "Mars/Olympus",
        };

        var errors = CadenceSettings.Validate(settings);

        Assert.Contains("grades.C.firstTouchDeadlineMinutes", errors.Keys);
        Assert.Contains("grades.C.steps[1].channel", errors.Keys);
        Assert.Contains(errors["grades.C.steps[1].message"], m => m.Contains("{nama}"));
        Assert.Contains("grades.C.steps[2].offsetDays", errors.Keys); // back in time
        Assert.Contains("businessHours", errors.Keys);
        Assert.Contains("businessHours.days", errors.Keys);
        Assert.Contains("defaultTimeZone", errors.Keys);
    }

    [Fact]
    public void A_missing_grade_and_a_missing_document_are_errors_not_crashes()
    {
        var settings = CadenceSettings.Default with { Grades = new Dictionary<string, GradeCadence> { ["A"] = CadenceSettings.Default.For("A") } };

        Assert.Contains("grades.D", CadenceSettings.Validate(settings).Keys);
        Assert.NotEmpty(CadenceSettings.Validate(null));
        var empty = JsonSerializer.Deserialize<CadenceSettings>("{}", Json);
        Assert.NotEmpty(CadenceSettings.Validate(empty));
    }

    [Theory]
    [InlineData("lost to timing: event moved to next year", true)]
    [InlineData("Budget belum tersedia", true)]
    [InlineData("chose a competitor", false)]
    [InlineData(null, false)]
    public void Losses_for_timing_or_budget_come_back_to_nurture(string? reason, bool recycles) =>
        Assert.Equal(recycles, CadenceSettings.Default.Recycles(reason));
}
