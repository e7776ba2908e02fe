using Hsi.Domain.Alerts;
using Hsi.Domain.Common;

namespace Hsi.Domain.Tests.Alerts;

public class AlertRuleDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a5c4-0000-7000-8000-0000000000b1");

    private static Decision Create(AlertRuleFields fields) => AlertRuleDecisions.Create(new CreateAlertRule(Id, fields), null, T0);

    [Fact]
    public void A_rule_with_only_a_name_gets_the_seeds_defaults()
    {
        var d = Assert.IsType<AlertRuleCreated>(Assert.Single(Create(new AlertRuleFields("Night person")).Events)).Definition;
        Assert.Equal((true, AlertSeverity.Medium, 300, "{camera_id}:{rule_id}", 0), (d.Enabled, d.Severity, d.CooldownSeconds, d.DedupKeyTemplate, d.Channels.Count));
        Assert.Null(d.Schedule);
    }

    public static TheoryData<AlertRuleFields, string> BadRules => new()
    {
        { new AlertRuleFields(""), "name" },
        { new AlertRuleFields("   "), "name" },
        { new AlertRuleFields(new string('n', 256)), "name" },
        { new AlertRuleFields("r", RiskThreshold: 101), "risk_threshold" },
        { new AlertRuleFields("r", MinConfidence: 1.5), "min_confidence" },
        { new AlertRuleFields("r", CooldownSeconds: -1), "cooldown_seconds" },
        { new AlertRuleFields("r", DedupKeyTemplate: "{camera_id}:{hour}"), "dedup_key_template" },
        { new AlertRuleFields("r", DedupKeyTemplate: "{camera_id"), "dedup_key_template" },
        { new AlertRuleFields("r", DedupKeyTemplate: "a b"), "dedup_key_template" },
        { new AlertRuleFields("r", ObjectTypes: [.. Enumerable.Range(0, 10_000).Select(i => $"t{i}")]), "object_types" },
        { new AlertRuleFields("r", ObjectTypes: [new string('x', 65)]), "object_types" },
        { new AlertRuleFields("r", CameraIds: [""]), "camera_ids" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(null, "25:00", "06:00", null)), "schedule.start_time" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(null, "22:00", "6pm", null)), "schedule.end_time" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(null, "22:00", null, null)), "schedule.end_time" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(null, "22:00", "22:00", null)), "schedule.end_time" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(["mon", "funday"], null, null, null)), "schedule.days" },
        { new AlertRuleFields("r", Schedule: new ScheduleFields(null, null, null, "Mars/Olympus_Mons")), "schedule.timezone" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_field_is_refused_before_anything_is_recorded_naming_the_field(AlertRuleFields fields, string field)
    {
        var decision = Create(fields);
        Assert.Empty(decision.Events);
        Assert.Equal((ErrorKind.Invalid, field), (decision.Error!.Kind, decision.Error.Field));
    }

    [Fact]
    public void A_missing_name_is_refused_on_create()
    {
        var decision = Create(new AlertRuleFields(RiskThreshold: 50));
        Assert.Equal("name", decision.Error!.Field);
    }

    [Fact]
    public void Days_by_short_or_full_name_are_stored_as_full_names_in_week_order()
    {
        var d = ((AlertRuleCreated)Create(new AlertRuleFields("r", Schedule: new ScheduleFields(["SAT", "monday", "Mon"], "22:00", "06:00", "Europe/Berlin"))).Events[0]).Definition;
        Assert.Equal(["monday", "saturday"], d.Schedule!.Days);
        Assert.Equal("Europe/Berlin", d.Schedule.Timezone);
    }

    [Fact]
    public void A_change_applies_only_the_fields_sent_and_validates_the_whole_rule()
    {
        var rule = StreamFold.Fold<AlertRule>(Create(new AlertRuleFields("r", RiskThreshold: 70, ObjectTypes: ["person"])).Events)!;
        var changed = AlertRuleDecisions.Change(new ChangeAlertRule(Id, new AlertRuleFields(Severity: AlertSeverity.High)), rule, T0.AddMinutes(1));
        var d = Assert.IsType<AlertRuleUpdated>(Assert.Single(changed.Events)).Definition;
        Assert.Equal(("r", 70, AlertSeverity.High), (d.Name, d.RiskThreshold, d.Severity));
        Assert.Equal(["person"], d.ObjectTypes);

        Assert.Empty(AlertRuleDecisions.Change(new ChangeAlertRule(Id, new AlertRuleFields(RiskThreshold: 70)), rule, T0).Events);
        Assert.Equal("name", AlertRuleDecisions.Change(new ChangeAlertRule(Id, new AlertRuleFields(Name: "")), rule, T0).Error!.Field);
    }

    [Fact]
    public void A_deleted_rule_is_not_found()
    {
        var rule = StreamFold.Fold<AlertRule>([.. Create(new AlertRuleFields("r")).Events, new AlertRuleDeleted(Id, T0)]);
        Assert.Equal(ErrorKind.NotFound, AlertRuleDecisions.Change(new ChangeAlertRule(Id, new AlertRuleFields(Enabled: false)), rule, T0).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, AlertRuleDecisions.Delete(new DeleteAlertRule(Id), rule, T0).Error!.Kind);
    }

    [Fact]
    public void A_dedup_key_renders_its_variables_and_keeps_only_key_characters()
    {
        Assert.Null(DedupKeys.Problem("{camera_id}:{rule_id}:{object_type}"));
        Assert.Contains("{hour}", DedupKeys.Problem("{camera_id}-{hour}"));
        Assert.Equal($"front_door:{Id}:traffic_light", DedupKeys.Render("{camera_id}:{rule_id}:{object_type}", "front_door", Id, "traffic light"));
    }
}
