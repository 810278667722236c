// The end-to-end tests drive the Linux-only AppHost (process groups, Debian packages).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
