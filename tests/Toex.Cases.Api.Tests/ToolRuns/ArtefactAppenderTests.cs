using Npgsql;
using Toex.Cases.Api.ToolRuns;
using Toex.Cases.Api.ToolRuns.Running;
using Toex.Cases.Domain.ToolRuns;

namespace Toex.Cases.Api.Tests.ToolRuns;

/// <summary>The copy skips the events table's per-row look-up of the stream only where that is safe, and only while it copies.</summary>
public sealed class ArtefactAppenderTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task the_copy_hands_back_a_transaction_in_which_every_row_is_checked_again()
    {
        var appender = new ArtefactAppender(Store);
        var stream = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var artefacts = ThreePhones(at);

        await using var session = Store.LightweightSession();
        await appender.AppendAsync(session, stream, appender.Prepare(artefacts), new Dictionary<string, object>(), at, CancellationToken.None);
        var connection = session.Connection!;

        Assert.True(await ArtefactAppender.MaySetReplicationRoleAsync(connection, CancellationToken.None));
        Assert.Equal("origin", await Scalar(connection, "show session_replication_role"));
        Assert.Equal(3L, await Scalar(connection, "select count(*) from toex.mt_events where stream_id = $1", stream));
        var orphan = await Assert.ThrowsAsync<PostgresException>(() => Scalar(connection,
            "insert into toex.mt_events (seq_id, id, stream_id, version, data, type) " +
            "values (nextval('toex.mt_events_sequence'), gen_random_uuid(), $1, 1, '{}', 'entity_extracted') returning 1",
            Guid.NewGuid()));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, orphan.SqlState);
    }

    [Fact]
    public async Task only_a_role_allowed_to_set_the_replication_role_may_skip_the_check()
    {
        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        // Undone with the transaction.
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.True(await ArtefactAppender.MaySetReplicationRoleAsync(connection, CancellationToken.None));

        await Scalar(connection, "create role toex_test_without_replication nologin");
        await Scalar(connection, "set local role toex_test_without_replication");
        Assert.False(await ArtefactAppender.MaySetReplicationRoleAsync(connection, CancellationToken.None));

        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task a_trigger_of_the_events_tables_own_still_fires_for_every_artefact_copied()
    {
        var appender = new ArtefactAppender(Store);
        var at = DateTimeOffset.UtcNow;
        var artefacts = ThreePhones(at);

        // The trigger, its function and its count live in the session's transaction, undone when it is disposed uncommitted.
        await using var session = Store.LightweightSession();
        await session.BeginTransactionAsync(CancellationToken.None);
        var connection = session.Connection!;
        await Scalar(connection, "create temporary table copied (n int)");
        await Scalar(connection, "create function toex.test_count_copied() returns trigger language plpgsql as 'begin insert into copied values (1); return new; end'");
        await Scalar(connection, "create trigger test_count_copied before insert on toex.mt_events for each row execute function toex.test_count_copied()");

        await appender.AppendAsync(session, Guid.NewGuid(), appender.Prepare(artefacts), new Dictionary<string, object>(), at, CancellationToken.None);

        Assert.Equal(3L, await Scalar(connection, "select count(*) from copied"));
    }

    private static List<JasperFx.Events.IEvent> ThreePhones(DateTimeOffset at) => Enumerable.Range(1, 3)
        .Select(line => Artefact.AsEvent(new EntityExtracted(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), line, "Phone", "+447700900123", at))!)
        .ToList();

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return await command.ExecuteScalarAsync();
    }
}
