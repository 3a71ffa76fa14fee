using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Toex.Cases.Api.Operations;
using Toex.Cases.Projections;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace Toex.Cases.Api.Infrastructure;

public static class Persistence
{
    public const string Schema = "toex";

    /// <summary>The <c>work_mem</c> the API's sessions ask for, unless the connection string's <c>Options</c> say otherwise.</summary>
    public const string WorkMem = "16MB";

    /// <summary>
    /// The async daemon loads each page of events as <c>ORDER BY seq_id LIMIT 2000</c>. On a table
    /// growing by thousands of rows a second the planner's statistics lag, so it takes the newest
    /// range for a few rows and sorts what it finds; 2,000 events of ~1.6 KB do not fit PostgreSQL's
    /// default 4 MB, and a bounded sort that outgrows it sorts the whole range on disk (tens of MB a
    /// page, 7% of the machine through a tool run). 16 MB keeps that page in memory.
    /// </summary>
    public static string WithSessionSettings(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(settings.Options)) settings.Options = $"-c work_mem={WorkMem}";
        return settings.ConnectionString;
    }

    public static void AddToexPersistence(this WebApplicationBuilder builder)
    {
        var connectionString = WithSessionSettings(builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Marten (scripts/run.sh does it for you)."));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddToexSearch(connectionString);
        builder.Services.AddSingleton(s => new Projections.Audit.AuditVerifier(s.GetRequiredService<IDocumentStore>().Storage.Database, Schema));
        builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;

                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.UseIdentityMapForAggregates = true;

                options.AddToexProjections();
                options.Schema.For<Http.IdempotencyRecord>();
            })
            .UseLightweightSessions()
            // Async projections (artefacts) run on one node at a time, elected through PostgreSQL
            // (HotCold); a single node, or a test host, may say Solo (Projections:DaemonMode).
            .AddAsyncDaemon(builder.Configuration.GetValue("Projections:DaemonMode", JasperFx.Events.Daemon.DaemonMode.HotCold))
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "wolverine");

        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.Policies.AddMiddleware(typeof(ActorMetadataMiddleware),
                chain => chain.MessageType.IsAssignableTo(typeof(Domain.Access.IActorCommand)));
            // Tool runs execute from a durable local queue: the message is stored with the run's
            // request (outbox) and in the inbox until done, so a crashed node's runs are recovered.
            options.LocalQueue("tool-runs").UseDurableInbox().MaximumParallelMessages(2);
            options.PublishMessage<ToolRuns.ExecuteToolRun>().ToLocalQueue("tool-runs");
            options.LocalQueue("search").UseDurableInbox().Sequential();
            options.PublishMessage<Admin.RebuildSearchIndex>().ToLocalQueue("search");
            var retryDelays = (builder.Configuration.GetSection("Tools").Get<ToolRuns.Running.ToolRunnerSettings>()
                ?? new ToolRuns.Running.ToolRunnerSettings()).Delays;
            options.OnException<Toex.Cases.Tools.Translation.ProviderException>(e => e.Transient)
                .RetryWithCooldown(retryDelays);
            options.OnException<Npgsql.NpgsqlException>().RetryWithCooldown(retryDelays).Then.MoveToErrorQueue();

            // Pre-generated handler code (Internal/Generated) by default; see docs/adr/0003-codegen-mode.md.
            options.CodeGeneration.TypeLoadMode = builder.Configuration.GetValue("Wolverine:TypeLoadMode", TypeLoadMode.Static);
        });
    }
}
