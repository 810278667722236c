using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Smarketing.ServiceDefaults.Tests;

public class DatabaseSettingsTests
{
    [Fact]
    public void A_service_prepares_its_repeated_statements_and_skips_the_pool_reset_unless_its_connection_string_says_otherwise()
    {
        var given = "Host=127.0.0.1;Port=5432;Username=ingestion;Password=secret;Database=ingestiondb";

        var prepared = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned(given));

        Assert.Equal(100, prepared.MaxAutoPrepare);
        Assert.Equal(2, prepared.AutoPrepareMinUsages);
        Assert.True(prepared.NoResetOnClose);
        Assert.Equal(("127.0.0.1", 5432, "ingestion", "secret", "ingestiondb"),
            (prepared.Host, prepared.Port, prepared.Username, prepared.Password, prepared.Database));
        var own = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned(given + ";Max Auto Prepare=5"));
        Assert.Equal(5, own.MaxAutoPrepare);
        var reset = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned(given + ";No Reset On Close=false"));
        Assert.False(reset.NoResetOnClose);
    }
}
