using Microsoft.OpenApi;

namespace Toex.Cases.Api.Infrastructure;

public static class OpenApi
{
    public static void AddToexOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TOEX Cases",
                Version = "v1",
                Description = "Operations against organised exploitation, tracked end to end as events.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with the claims sub, name, force, region and role.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            options.CustomSchemaIds(t => t.FullName!.Replace("Toex.Cases.", "").Replace('+', '.'));
        });
    }
}
