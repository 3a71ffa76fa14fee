using System.Text.Json.Serialization;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Toex.Cases.Api;
using Toex.Cases.Api.Auth;
using Toex.Cases.Api.Http;
using Toex.Cases.Api.Infrastructure;
using Toex.Cases.Api.Materials;
using Toex.Cases.Api.Operations;

if (args is ["token", ..])
{
    var configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
    return TokenCommand.Run(args[1..], configuration);
}

// Configuration is read once, at start. Reloading appsettings.json on change made the host watch its
// content root recursively: every folder under the working directory, the private PostgreSQL cluster's
// data folder included (763 inotify watches in a checkout), so a thread woke for every file the database
// wrote (~3% of the machine during a tool run). Arguments given later still override this one.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
    builder.WebHost.UseUrls("http://127.0.0.1:5080");

builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    options.SerializerOptions.AllowTrailingCommas = false;
});
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
    context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.AddToexAuthentication();
builder.AddToexPersistence();
builder.AddToexTools();
builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("postgresql", tags: ["ready"]);
builder.Services.AddToexOpenApi();
var storage = builder.Configuration.GetSection("Storage").Get<StorageSettings>() ?? new StorageSettings();
builder.Services.AddSingleton(storage);
builder.Services.AddSingleton(new ContentStore(Path.Combine(builder.Environment.ContentRootPath, storage.Path)));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "TOEX Cases v1"));
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapApiEndpoints();

// JasperFx's commands (codegen, db-apply, describe, ...) when one is named; otherwise serve.
if (args is [var first, ..] && !first.StartsWith('-'))
    return await app.RunJasperFxCommands(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
