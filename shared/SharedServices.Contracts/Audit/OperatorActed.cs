namespace SharedServices.Contracts.Audit;

/// <summary>
/// A prefecture operator changed something (or tried to) through a service's API: the audit log's
/// entry (操作ログ). Published in the prefecture's tenant by the service that served the request; the
/// onboarding service keeps them searchable. No request body: only who, what, where and the outcome.
/// </summary>
/// <param name="OperatorId">The operator's account id (the token's <c>sub</c>).</param>
/// <param name="OperatorName">Their name as the token gave it, for reading the log.</param>
/// <param name="Service">The service that served the request (e.g. <c>onboarding</c>, <c>talent</c>).</param>
/// <param name="Action">The method and route, e.g. <c>PUT /operator/municipalities/{code}/suspension</c>.</param>
/// <param name="Target">The path actually requested, e.g. <c>/operator/municipalities/063614/suspension</c>.</param>
/// <param name="Town">The town it concerned, when the request named one (by address or a <c>code</c>/<c>town</c> route value).</param>
/// <param name="Status">The HTTP status answered (a refused attempt is logged too).</param>
/// <param name="TraceId">The request's trace, to find its logs.</param>
public sealed record OperatorActed(
    string OperatorId, string OperatorName, string Service, string Action, string Target, string? Town, int Status,
    DateTimeOffset At, string? TraceId) : IIntegrationEvent;
