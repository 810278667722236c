// The platform is started through the AppHost's app model, which is Linux-only (and so is /proc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
