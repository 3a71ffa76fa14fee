using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Toex.Cases.Tools.Transcription;

namespace Toex.Cases.Tools.Tests.Transcription;

/// <summary>
/// Publishes media the way the Blob publisher does in production, but from a real HTTP server on
/// 127.0.0.1: each published file gets a URL of its own (with a query standing in for a SAS) until
/// it is withdrawn, after which the URL answers 404.
/// </summary>
internal sealed class LocalMediaPublisher : IMediaPublisher, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _published = new();
    private Uri _base = null!;

    private LocalMediaPublisher()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var token = context.Request.Path.Value?.TrimStart('/') ?? "";
            if (!_published.TryGetValue(token, out var bytes) || context.Request.Query["sig"] != "test")
            {
                context.Response.StatusCode = 404;
                return;
            }
            Interlocked.Increment(ref _fetches);
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync(bytes);
        });
    }

    private int _fetches;

    /// <summary>How many times a published file was fetched.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>The bytes of every file published, in order.</summary>
    public List<byte[]> Published { get; } = [];

    public int Withdrawn { get; private set; }

    public static async Task<LocalMediaPublisher> StartAsync()
    {
        var publisher = new LocalMediaPublisher();
        await publisher._app.StartAsync();
        var address = publisher._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        publisher._base = new Uri(address.TrimEnd('/') + "/");
        return publisher;
    }

    public async Task<PublishedMedia> PublishAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var token = Guid.NewGuid().ToString("N");
        _published[token] = bytes;
        lock (Published)
            Published.Add(bytes);
        return new PublishedMedia(new Uri(_base, token + "?sv=2021&sig=test"), () =>
        {
            _published.TryRemove(token, out _);
            Withdrawn++;
            return ValueTask.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
