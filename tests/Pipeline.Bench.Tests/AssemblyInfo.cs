// The bench it tests runs on Linux only (the AppHost app model, /proc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
