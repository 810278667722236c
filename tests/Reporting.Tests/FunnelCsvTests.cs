using Smarketing.Reporting.Api;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class FunnelCsvTests
{
    [Fact]
    public void Writes_invariant_numbers_and_empty_nulls()
    {
        var row = new FunnelRow("radio, q4", 500, 20, 1234.5m, 0, 0, 0, 0, 0, 0, 0m, 0.5, null, null, null, null, null, null);
        Assert.Equal("\"radio, q4\",500,20,1234.5,0,0,0,0,0,0,0,0.5,,,,,,", Csv.Line(ReportsApi.FunnelFields(row)));
    }

    [Fact]
    public void Defuses_spreadsheet_formulas_in_keys() => Assert.Equal("'=cmd()", Csv.Text("=cmd()"));

    [Fact]
    public void Header_has_one_column_per_field_in_the_same_order() =>
        Assert.Equal(typeof(FunnelRow).GetProperties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]), ReportsApi.FunnelHeader);

    [Fact]
    public void Times_are_utc_iso_8601_and_quotes_are_doubled()
    {
        var at = new DateTime(2026, 11, 23, 1, 2, 3, DateTimeKind.Utc);
        Assert.Equal("2026-11-23T01:02:03.000000Z,\"say \"\"hi\"\"\",,true", Csv.Line([at, "say \"hi\"", null, true]));
    }

    [Fact]
    public async Task Streams_a_header_and_crlf_lines()
    {
        using var stream = new MemoryStream();
        await Csv.WriteAsync(stream, ["a", "b"], [new object?[] { 1, 2.5 }, new object?[] { "x", null }], CancellationToken.None);
        Assert.Equal("a,b\r\n1,2.5\r\nx,\r\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
