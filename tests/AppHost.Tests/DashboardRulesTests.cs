using Smarketing.AppHost.Dashboard;
using Smarketing.AppHost.Hosting;

namespace Smarketing.AppHost.Tests;

/// <summary>The dashboard's pure rules: what secrets it hides and how a console buffer feeds a live reader.</summary>
public sealed class DashboardRulesTests
{
    private static readonly Secrets Secrets = new("pg-password-1", "redis-password-2", "rabbit-password-3", "smk_api-key-4", "admin-pass-5", "signing-key-6");

    [Fact]
    public void Every_install_secret_is_masked_wherever_it_appears_and_the_variable_is_flagged()
    {
        var mask = SecretMask.For(Secrets, "otlp-key-7");

        var connection = mask.View("ConnectionStrings__messaging", "amqp://smarketing:rabbit-password-3@127.0.0.1:5672/");
        var headers = mask.View("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=otlp-key-7");
        var plain = mask.View("OTEL_SERVICE_NAME", "scoring");

        Assert.Equal("amqp://smarketing:******@127.0.0.1:5672/", connection.Value);
        Assert.True(connection.Secret);
        Assert.Equal("x-otlp-api-key=******", headers.Value);
        Assert.Equal(("scoring", false), (plain.Value, plain.Secret));
        Assert.Equal("Password=******;Host=x", mask.Apply("Password=pg-password-1;Host=x"));
    }

    [Fact]
    public void A_short_value_is_never_treated_as_a_secret_so_masking_cannot_shred_ordinary_text()
    {
        var mask = new SecretMask(["abc", "long-secret-value"]);

        Assert.Equal("abc def ******", mask.Apply("abc def long-secret-value"));
    }

    [Fact]
    public async Task A_live_reader_gets_the_lines_after_the_last_it_saw_and_wakes_on_the_next_one()
    {
        var buffer = new LogBuffer(capacity: 3);
        foreach (var text in new[] { "one", "two", "three", "four" }) buffer.Add(text);

        Assert.Equal(["two", "three", "four"], buffer.Tail(10).Select(l => l.Text));
        Assert.Equal(["four"], buffer.After(3).Select(l => l.Text));
        Assert.Equal(4, buffer.After(3).Single().Seq);
        Assert.True(buffer.WaitForLineAfterAsync(3, CancellationToken.None).IsCompleted);

        var waiting = buffer.WaitForLineAfterAsync(4, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        buffer.Add("five");
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(5, buffer.After(4).Single().Seq);
    }
}
