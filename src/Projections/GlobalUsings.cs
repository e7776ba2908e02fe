// The Marten and JasperFx namespaces every projection and module registration uses.
global using JasperFx.Events;
global using JasperFx.Events.Projections;
global using Marten;
global using Marten.Events.Projections;
