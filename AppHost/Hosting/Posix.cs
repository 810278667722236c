using System.Runtime.InteropServices;

namespace Smarketing.AppHost.Hosting;

/// <summary>The two libc calls .NET does not expose: signalling a whole process group, and who we run as.</summary>
internal static partial class Posix
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to every process in the group led by <paramref name="pgid"/>.</summary>
    public static bool SignalGroup(int pgid, int signal) => pgid > 1 && Kill(-pgid, signal) == 0;

    public static bool Signal(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    public static bool GroupAlive(int pgid) => pgid > 1 && Kill(-pgid, 0) == 0;
}
