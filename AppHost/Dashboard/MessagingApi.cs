using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Smarketing.AppHost.Dashboard;

/// <summary>/api/messaging: queues, the failed messages in error queues, and moving them back once the cause is fixed.</summary>
internal static class MessagingApi
{
    public static void MapMessagingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/messaging/queues");
        api.MapGet("/", Queues);
        api.MapGet("/{name}/messages", Messages);
        api.MapPost("/{name}/move", Move);
    }

    private static async Task<Results<Ok<QueueList>, ProblemHttpResult>> Queues(DashboardState state, CancellationToken ct) =>
        state.Broker is { } broker ? TypedResults.Ok(await broker.QueuesAsync(ct)) : NoBroker();

    private static async Task<Results<Ok<FailedMessageList>, ProblemHttpResult>> Messages(string name, int? limit, DashboardState state, CancellationToken ct)
    {
        if (state.Broker is not { } broker) return NoBroker();
        // Reading is a get-and-requeue: on a live queue it would take messages from their consumers and mark them redelivered.
        if (NotAnErrorQueue(name, "read") is { } notError) return notError;
        if (limit is < 1 or > 500) return TypedResults.Problem(statusCode: 400, title: "Invalid limit", detail: "limit must be between 1 and 500.");
        var queues = await broker.QueuesAsync(ct);
        if ((Unavailable(queues) ?? MissingQueue(queues, name)) is { } problem) return problem;
        return TypedResults.Ok(await broker.PeekAsync(name, limit ?? 50, ct));
    }

    private static async Task<Results<Ok<MoveResult>, ProblemHttpResult>> Move(string name, DashboardState state, CancellationToken ct)
    {
        if (state.Broker is not { } broker) return NoBroker();
        if (NotAnErrorQueue(name, "moved back") is { } notError) return notError;
        var queues = await broker.QueuesAsync(ct);
        if ((Unavailable(queues) ?? MissingQueue(queues, name)) is { } problem) return problem;
        var target = name[..^RabbitMqManagement.ErrorSuffix.Length];
        if (MissingQueue(queues, target) is not null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Nowhere to move them", detail: $"The queue {target} that {name} belongs to does not exist.");
        }
        return TypedResults.Ok(await broker.MoveBackAsync(name, ct));
    }

    private static ProblemHttpResult? NotAnErrorQueue(string name, string what) =>
        name.EndsWith(RabbitMqManagement.ErrorSuffix, StringComparison.Ordinal) ? null
            : TypedResults.Problem(statusCode: 400, title: "Not an error queue", detail: $"Only *{RabbitMqManagement.ErrorSuffix} queues can be {what}; {name} is not one.");

    private static ProblemHttpResult? Unavailable(QueueList queues) =>
        queues.Available ? null : TypedResults.Problem(statusCode: 503, title: "Broker unavailable", detail: queues.Error);

    private static ProblemHttpResult? MissingQueue(QueueList queues, string name) =>
        queues.Items.Any(q => q.Name == name)
            ? null
            : TypedResults.Problem(statusCode: 404, title: "No such queue", detail: $"There is no queue named {name}.");

    private static ProblemHttpResult NoBroker() =>
        TypedResults.Problem(statusCode: 404, title: "No broker", detail: "This app model has no RabbitMQ resource.");
}
