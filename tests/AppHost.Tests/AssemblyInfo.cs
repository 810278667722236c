// The orchestrator under test is Linux-only (process groups, POSIX signals, Debian packages).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
