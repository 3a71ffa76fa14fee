using System.Net.Http.Headers;
using System.Security.Claims;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Toex.Cases.Api.Auth;
using Wolverine;

namespace Toex.Cases.Api.Tests;

/// <summary>
/// One API host per test run, on the real PostgreSQL that scripts/test.sh starts
/// (it exports ConnectionStrings__Marten).
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public static readonly AuthSettings Auth = new()
    {
        SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789",
    };

    public const long MaxUploadBytes = 4 * 1024 * 1024;

    /// <summary>The content store of this test run: a fresh folder, removed at the end.</summary>
    public static readonly string StoragePath = Path.Combine(Path.GetTempPath(), "toex-tests-" + Guid.NewGuid().ToString("N"));

    public IAlbaHost Host { get; private set; } = null!;

    public ToolRuns.FakeLibreTranslate Translator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")))
            throw new InvalidOperationException(
                "ConnectionStrings__Marten is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        Environment.SetEnvironmentVariable("Auth__SigningKey", Auth.SigningKey);
        Environment.SetEnvironmentVariable("Storage__Path", StoragePath);
        Environment.SetEnvironmentVariable("Storage__MaxUploadBytes", MaxUploadBytes.ToString());
        Environment.SetEnvironmentVariable("Projections__DaemonMode", "Solo");
        Translator = await ToolRuns.FakeLibreTranslate.StartAsync();
        Environment.SetEnvironmentVariable("Tools__Translate__Provider", "LibreTranslate");
        Environment.SetEnvironmentVariable("Tools__Translate__Endpoint", Translator.Url);
        // Short waits, so the retry paths run in milliseconds: the adapter tries twice, the runner three times.
        Environment.SetEnvironmentVariable("Tools__Translate__Retry__MaxAttempts", "2");
        Environment.SetEnvironmentVariable("Tools__Translate__Retry__BaseDelay", "00:00:00.010");
        Environment.SetEnvironmentVariable("Tools__Translate__Retry__MaxDelay", "00:00:00.050");
        Environment.SetEnvironmentVariable("Tools__RetryDelays__0", "00:00:00.050");
        Environment.SetEnvironmentVariable("Tools__RetryDelays__1", "00:00:00.050");
        Host = await AlbaHost.For<Program>(builder => builder.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.RunWolverineInSoloMode();
        }));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Translator.DisposeAsync();
        if (Directory.Exists(StoragePath))
        {
            foreach (var file in Directory.EnumerateFiles(StoragePath, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(StoragePath, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base for API tests: resets all data before each test and offers an HTTP client per user.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        // Wolverine's envelopes too: a run left over from an earlier test must not resume in this one.
        await Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.Admin.ClearAllAsync();
        await Host.ResetAllMartenDataAsync();
        // The audit trail and the search view are tables of our own beside Marten's: Marten's reset does not know them.
        await Host.Services.GetRequiredService<Projections.Search.SearchIndexer>().EnsureReadyAsync(CancellationToken.None);
        await using (var session = Store.LightweightSession())
        {
            session.QueueSqlCommand($"truncate {Infrastructure.Persistence.Schema}.{Projections.Audit.AuditTrailTable.Name}, "
                + $"{Infrastructure.Persistence.Schema}.{Projections.Audit.AuditTrailTable.PositionName}");
            session.QueueSqlCommand($"delete from {Infrastructure.Persistence.Schema}.{Projections.Search.Postgres.PostgresSearchEngine.ViewName}");
            session.QueueSqlCommand($"update {Infrastructure.Persistence.Schema}.search_state set applied_through = 0, applied_at = null, "
                + "rebuild_id = null, rebuild_state = null");
            await session.SaveChangesAsync();
        }
        fixture.Translator.Reset();
    }

    protected ToolRuns.FakeLibreTranslate Translator => fixture.Translator;

    public Task DisposeAsync() => Task.CompletedTask;

    protected HttpClient Anonymous() => Host.Server.CreateClient();

    protected HttpClient As(TestUser user)
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token());
        return client;
    }

    protected async Task<(long Events, int Documents)> Written()
    {
        var stats = await Store.Advanced.FetchEventStoreStatistics();
        await using var session = Store.QuerySession();
        var documents = await session.Query<Api.Http.IdempotencyRecord>().CountAsync()
            + await session.Query<Projections.Operations.OperationDetails>().CountAsync()
            + await session.Query<Projections.Materials.MaterialDetails>().CountAsync()
            + await session.Query<Projections.Findings.FindingDetails>().CountAsync();
        return (stats.EventCount, documents);
    }
}

public sealed record TestUser(string Id, string Name, string Force, string? Region, params string[] Roles)
{
    public string Token(TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", Id), new("name", Name), new("force", Force) };
        if (Region is not null) claims.Add(new Claim("region", Region));
        claims.AddRange(Roles.Select(r => new Claim("role", r)));
        return TokenCommand.Mint(AppFixture.Auth, claims, lifetime ?? TimeSpan.FromHours(1));
    }
}

/// <summary>The cast: who is who in the tests.</summary>
public static class Users
{
    public static readonly TestUser NorfolkInvestigator = new("n-inv-1", "DC Jane Smith", "norfolk", null, "Investigator");
    public static readonly TestUser NorfolkDisclosure = new("n-do-1", "Sam Disclosure", "norfolk", null, "DisclosureOfficer");
    public static readonly TestUser NorfolkAdmin = new("n-adm-1", "Ada Min", "norfolk", null, "Admin");
    public static readonly TestUser SuffolkDisclosure = new("s-do-1", "Sue Folk", "suffolk", null, "DisclosureOfficer");
    public static readonly TestUser SuffolkInvestigator = new("s-inv-1", "DC Ravi Patel", "suffolk", null, "Investigator");
    public static readonly TestUser WestYorkshireInvestigator = new("wy-inv-1", "DS Amy Hall", "west-yorkshire", null, "Investigator");
    public static readonly TestUser EasternAnalyst = new("ea-1", "Ana Lyst", "toex", "eastern", "Analyst");
    public static readonly TestUser LondonAnalyst = new("la-1", "Lon Analyst", "toex", "london", "Analyst");
    public static readonly TestUser NationalAnalyst = new("na-1", "Nat Analyst", "toex", null, "Analyst");
    public static readonly TestUser EasternSupervisor = new("es-1", "Sue Pervisor", "toex", "eastern", "Supervisor");
    public static readonly TestUser NcaOfficer = new("nca-1", "NCA Officer", "nca", null, "Investigator");
}
