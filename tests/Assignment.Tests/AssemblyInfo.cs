// The capacity race starts PostgreSQL and Redis through the AppHost's app model, which is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
