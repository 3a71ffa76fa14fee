using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Toex.Cases.Api.Auth;

public static class AuthSetup
{
    /// <summary>
    /// JWT bearer: an OIDC authority in production, or HS256 tokens signed with Auth:SigningKey
    /// locally. Outside Development the API refuses to start with neither.
    /// </summary>
    public static void AddToexAuthentication(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        if (settings.Authority is null && string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            if (!builder.Environment.IsDevelopment())
                throw new InvalidOperationException(
                    "Configure Auth:Authority (OIDC) or Auth:SigningKey: the API will not start without a way to check tokens.");
            settings.SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
            Console.Error.WriteLine("warning: no Auth:SigningKey set; using a key that lives only as long as this process.");
        }
        if (settings.SigningKey is { Length: < 32 } && settings.Authority is null)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters.");

        builder.Services.AddSingleton(settings);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    NameClaimType = Claims.Name,
                    RoleClaimType = Claims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (settings.Authority is not null)
                {
                    options.Authority = settings.Authority;
                    options.Audience = settings.Audience;
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = SigningKey(settings.SigningKey!);
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (Claims.Problem(context.Principal!) is { } problem) context.Fail(problem);
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();
    }

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));
}
