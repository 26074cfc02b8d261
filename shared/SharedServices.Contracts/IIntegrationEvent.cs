namespace SharedServices.Contracts;

/// <summary>
/// Marks a record as an integration event: appended to the producing service's event stream in the
/// same transaction as its own events, then forwarded to the bus by the outbox relay.
/// </summary>
public interface IIntegrationEvent;
