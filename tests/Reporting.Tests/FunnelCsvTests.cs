using Smarketing.Reporting.Api;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class FunnelCsvTests
{
    [Fact]
    public void Writes_invariant_numbers_and_empty_nulls()
    {
        var row = new FunnelRow("radio, q4", 500, 20, 1234.5m, 0, 0, 0, 0, 0, 0, 0m, 0.5, null, null, null, null, null, null);
        Assert.Equal("\"radio, q4\",500,20,1234.5,0,0,0,0,0,0,0,0.5,,,,,,", FunnelCsv.Line(row));
    }

    [Fact]
    public void Defuses_spreadsheet_formulas_in_keys() => Assert.Equal("'=cmd()", FunnelCsv.Text("=cmd()"));

    [Fact]
    public void Header_has_one_column_per_field() =>
        Assert.Equal(typeof(FunnelRow).GetProperties().Length, FunnelCsv.Header.Split(',').Length);
}
