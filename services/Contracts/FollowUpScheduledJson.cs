using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smarketing.Contracts;

/// <summary>
/// Reads <see cref="FollowUpScheduled"/> in both of its shapes: the plan (leadId, repId, steps) and the one-step event
/// of before plans (taskId, leadId, repId, step, channel, dueAt, instructions, firstTouch), which may still wait on a
/// queue or be stored in reporting's event log; that one becomes a plan of its one step. Writes the plan. Property
/// names follow the caller's options, as they would without a converter.
/// </summary>
public sealed class FollowUpScheduledJson : JsonConverter<FollowUpScheduled>
{
    public override FollowUpScheduled Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var body = JsonSerializer.Deserialize<AnyShape>(ref reader, options) ?? throw new JsonException("FollowUpScheduled is null.");
        if (body.Steps is { } steps) return new FollowUpScheduled(body.LeadId, body.RepId, steps);
        if (body.TaskId is not { } taskId || body.Step is not { } step || body.Channel is null || body.DueAt is not { } dueAt)
            throw new JsonException("FollowUpScheduled has neither steps nor the fields of a single step.");
        return new FollowUpScheduled(body.LeadId, body.RepId,
            [new ScheduledStep(taskId, step, body.Channel, dueAt, body.Instructions ?? "", body.FirstTouch ?? false)]);
    }

    public override void Write(Utf8JsonWriter writer, FollowUpScheduled value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Plan(value.LeadId, value.RepId, value.Steps), options);

    private sealed record Plan(Guid LeadId, Guid RepId, IReadOnlyList<ScheduledStep> Steps);

    private sealed record AnyShape(
        Guid LeadId,
        Guid RepId,
        IReadOnlyList<ScheduledStep>? Steps,
        Guid? TaskId,
        int? Step,
        string? Channel,
        DateTime? DueAt,
        string? Instructions,
        bool? FirstTouch);
}
