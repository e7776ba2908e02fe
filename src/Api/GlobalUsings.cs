// The namespaces nearly every endpoint and handler of the API uses, so files list only what is particular to them.
global using FastEndpoints;
global using Hsi.Api.Configuration;
global using Hsi.Api.Http;
global using Hsi.Domain.Common;
global using Marten;

// An event in this API is always a stored Marten event; FastEndpoints' in-process event bus is not used.
global using IEvent = JasperFx.Events.IEvent;
