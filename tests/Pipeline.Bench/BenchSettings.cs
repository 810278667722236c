using Smarketing.Pipeline.Bench.Pipeline;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench;

/// <summary>
/// How long each part runs. Full mode stays under 10 minutes on the 2-core machine, quick mode under 2; quick climbs
/// doubling rungs without refining, so half of its highest held rate is always a rung it ran.
/// </summary>
internal sealed record BenchSettings(
    string Mode, TimeSpan RawSeconds, TimeSpan SerialPublishSeconds, LoadPlan Plan, int Reps, int RepCapacity, double WarmUpDrainSeconds, double WarmUpBatchRate,
    double WarmUpSingleSeconds)
{
    public static BenchSettings Full { get; } = new("full", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3),
        new LoadPlan(StepSeconds: 12, MaxDrainSeconds: 40,
            SingleRates: [5, 10, 25, 50, 100, 200, 400, 800, 1600], BatchRates: [25, 50, 100, 250, 500, 1000, 2000, 4000, 8000],
            MaxBatchSize: 100, BatchesPerSecond: 5,
            SingleInFlightLimit: 512, BatchInFlightLimit: 32, FallsBehind.Default, Refine: true),
        Reps: 25, RepCapacity: 10_000, WarmUpDrainSeconds: 60, WarmUpBatchRate: 50, WarmUpSingleSeconds: 15);

    public static BenchSettings Quick { get; } = new("quick", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1),
        new LoadPlan(StepSeconds: 4, MaxDrainSeconds: 8,
            SingleRates: [5, 10, 20, 40, 80, 160, 320, 640, 1280], BatchRates: [25, 50, 100, 200, 400, 800, 1600, 3200],
            MaxBatchSize: 100, BatchesPerSecond: 5,
            SingleInFlightLimit: 512, BatchInFlightLimit: 32, FallsBehind.Default, Refine: false),
        Reps: 10, RepCapacity: 10_000, WarmUpDrainSeconds: 30, WarmUpBatchRate: 20, WarmUpSingleSeconds: 5);
}
