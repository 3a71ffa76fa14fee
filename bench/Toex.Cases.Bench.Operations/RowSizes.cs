using Npgsql;

namespace Toex.Cases.Bench.Operations;

/// <summary>Shows, measured the same way, that the raw rows are about the size of the API's event rows.</summary>
public static class RowSizes
{
    public static async Task PrintAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            select 'API ' || type, count(*), avg(octet_length(data::text)), avg(octet_length(headers::text))
              from toex.mt_events group by type
            union all
            select 'raw ' || type, count(*), avg(octet_length(data::text)), avg(octet_length(headers::text))
              from bench.raw_rows group by type
            order by 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("Rows written (average bytes of data and headers as JSON text):");
        while (await reader.ReadAsync())
            Console.WriteLine($"  {reader.GetString(0),-22} {reader.GetInt64(1),8} rows  data {reader.GetDecimal(2),5:0} B  headers {reader.GetDecimal(3),5:0} B");
    }
}
