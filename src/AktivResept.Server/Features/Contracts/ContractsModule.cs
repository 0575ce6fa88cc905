using AktivResept.Server.Common.Auth;
using AktivResept.Server.Common.Http;
using AktivResept.Server.Features.Contracts.Management;

namespace AktivResept.Server.Features.Contracts;

public static class ContractsModule
{
    public static IServiceCollection AddContracts(this IServiceCollection services)
    {
        services.AddScoped<ContractAccess>();
        services.AddScoped<ContractManagement>();
        return services;
    }

    public static IEndpointRouteBuilder MapContracts(this IEndpointRouteBuilder app)
    {
        var contracts = app.MapGroup("/api/contracts").WithApiDefaults("Contracts");
        contracts.MapGet("/", async (ICurrentUserAccessor me, ContractManagement m, CancellationToken ct, ContractStatus? status, int page = 1, int pageSize = PageRequest.DefaultPageSize) =>
                (await m.ListAsync(me.Caller(), status, new PageRequest(page, pageSize), ct)).ToOk())
            .WithSummary("Contracts you are a party to: the payer's side (municipality coordinator, payer) or the provider's admin");
        contracts.MapPost("/", async (CreateContractRequest request, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.CreateAsync(me.Caller(), request, ct)).ToCreated(v => $"/api/contracts/{v.Id}"))
            .WithSummary("Municipality coordinator or payer: a draft contract with a provider, with draft version 1");
        contracts.MapGet("/{id:guid}", async (Guid id, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.GetAsync(me.Caller(), id, ct)).ToOk())
            .WithSummary("A contract with its status history and every version's requirements");
        contracts.MapPut("/{id:guid}/versions/{versionId:guid}", async (Guid id, Guid versionId, EditVersionRequest request, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.EditDraftAsync(me.Caller(), id, versionId, request, ct)).ToOk())
            .WithSummary("Replace a draft version's period, share, capacity, availability, content and KPIs (an active version is immutable: 409)");
        contracts.MapPost("/{id:guid}/versions", async (Guid id, NewVersionRequest request, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.NewVersionAsync(me.Caller(), id, request, ct)).ToCreated(v => $"/api/contracts/{id}/versions/{v.Id}"))
            .WithSummary("A new draft version copied from the latest, in force from validFrom (after the active version's start)");
        contracts.MapPost("/{id:guid}/versions/{versionId:guid}/activate", async (Guid id, Guid versionId, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.ActivateAsync(me.Caller(), id, versionId, ct)).ToOk())
            .WithSummary("Activate a draft: checked against the provider's registered locations, hours, features, capacity and trainers; the previous version closes the day before");
        contracts.MapPost("/{id:guid}/end", async (Guid id, ContractStatusRequest request, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.EndAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("End a contract whose period is over (or an open-ended one today), with a reason");
        contracts.MapPost("/{id:guid}/terminate", async (Guid id, ContractStatusRequest request, ICurrentUserAccessor me, ContractManagement m, CancellationToken ct) =>
                (await m.TerminateAsync(me.Caller(), id, request, ct)).ToOk())
            .WithSummary("Terminate before the contract's last day (lastDay, default today), with a reason; closes its validity");
        return app;
    }
}
