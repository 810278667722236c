// The AppHost drives Debian packages, process groups and POSIX signals: it is Linux-only by design.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
