using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smarketing.AppHost.Hosting;

namespace Smarketing.AppHost.Dashboard;

/// <summary>/api/resources: every resource's state and details, live over server-sent events, and its commands.</summary>
internal static class ResourcesApi
{
    private static readonly TimeSpan StreamRefresh = TimeSpan.FromSeconds(2);

    public static void MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", List);
        api.MapGet("/stream", Stream);
        api.MapGet("/{name}", Get);
        api.MapPost("/{name}/commands/{command}", RunCommand);
    }

    private static Ok<ResourceList> List(DashboardState state) => TypedResults.Ok(Snapshot(state));

    private static Results<Ok<ResourceView>, ProblemHttpResult> Get(string name, DashboardState state) =>
        state.App.Resources.FirstOrDefault(r => r.Name == name) is { } resource
            ? TypedResults.Ok(ResourceView.From(resource, state.Mask))
            : NotFound(name);

    private static async Task<Results<Ok<ResourceView>, ProblemHttpResult>> RunCommand(string name, string command, DashboardState state)
    {
        if (state.App.Resources.FirstOrDefault(r => r.Name == name) is not { } resource) return NotFound(name);
        if (!ResourceCommands.Names.Contains(command))
        {
            return TypedResults.Problem(statusCode: 400, title: "Unknown command", detail: $"Commands are {string.Join(", ", ResourceCommands.Names)}.");
        }
        try
        {
            if (await state.Commands.RunAsync(resource, command) is { } refusal)
            {
                return TypedResults.Problem(statusCode: 409, title: $"Cannot {command} {name}", detail: refusal);
            }
        }
        catch (Exception ex)
        {
            return TypedResults.Problem(statusCode: 500, title: $"{name} did not {command}", detail: state.Mask.Apply(ex.Message));
        }
        return TypedResults.Ok(ResourceView.From(resource, state.Mask));
    }

    /// <summary>The whole list on every state change, and every 2 s for uptime and health.</summary>
    private static ServerSentEventsResult<ResourceList> Stream(DashboardState state, CancellationToken ct) =>
        TypedResults.ServerSentEvents(Snapshots(state, ct), "resources");

    private static async IAsyncEnumerable<ResourceList> Snapshots(DashboardState state, [EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            yield return Snapshot(state);
            try
            {
                await state.ResourcesChanged.WaitAsync(StreamRefresh, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static ResourceList Snapshot(DashboardState state) =>
        new(state.App.Resources.Select(r => ResourceView.From(r, state.Mask)).ToList());

    internal static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: 404, title: "No such resource", detail: $"There is no resource named {name}.");
}
