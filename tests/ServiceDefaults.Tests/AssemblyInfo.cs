// The retention purge tests start PostgreSQL through the AppHost's app model, which is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
