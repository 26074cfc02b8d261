namespace SharedServices.Portal.Features.Onboarding;

// What the onboarding service's operator API answers.

// The DX dashboard as the onboarding service's /operator/dashboard answers it (aggregates only).

public sealed record DashboardMonth(string Month, IReadOnlyList<DashboardTown> Towns, DashboardTotals Totals);

public sealed record DashboardTown(
    string Code, string NameJa, string NameEn, string Status, IReadOnlyList<string> Services,
    ApplicationFigures Applications, IReadOnlyList<ProcedureFigures> Procedures, PointsFigures Points, TalentFigures Talent);

public sealed record DashboardTotals(ApplicationFigures Applications, PointsFigures Points, TalentFigures Talent, int Towns, IReadOnlyDictionary<string, int> ServiceAdoption);

public sealed record ApplicationFigures(int Submitted, int Online, int Returned, int Decided, decimal? MedianDays, decimal? P90Days, decimal? OnlineShare, decimal? ReturnedRate);

public sealed record ProcedureFigures(string Procedure, ApplicationFigures Figures);

public sealed record PointsFigures(int Grants, long Granted, long Spent, long Lapsed, int BudgetsExhausted);

public sealed record TalentFigures(int Assignments, decimal Hours, decimal Cost, decimal NetCost);

// The operators' audit log (操作ログ) as /operator/audit answers it.

public sealed record AuditSearch(string? Q, string? Service, string? Town, string? From, string? Until, int Page = 1);

public sealed record AuditEntry(string Id, DateTimeOffset At, string OperatorId, string OperatorName, string Service, string Action,
    string Target, string? Town, int Status, string? TraceId);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int PageNumber, int PageSize);

// A town as the onboarding service keeps it, and an offboarded town's retention.

public sealed record TownRecord(string Code, string Slug, string NameJa, string NameEn, IReadOnlyList<string> EnabledServices, string Status, long Version = 0);

public sealed record TownRetention(string Id, DateTimeOffset OffboardedAt, DateTimeOffset DeleteAfter, DateTimeOffset? DeletionAskedAt,
    IReadOnlyDictionary<string, DeletionConfirmed> DeletedBy);

public sealed record DeletionConfirmed(long Rows, DateTimeOffset At);

// A CSV of towns, checked (and applied) row by row.

public sealed record BulkRow(int Line, string Code, string Slug, IReadOnlyDictionary<string, string[]> Errors, bool Ok);

/// <param name="Towns">The towns onboarded, once applied.</param>
public sealed record BulkResult(bool DryRun, bool Applied, int Rows, int RowsWithErrors, IReadOnlyList<BulkRow> Results, IReadOnlyList<TownRecord>? Towns = null);

// The onboarding wizard: a code's names in the national list, and the town to onboard.

public sealed record CatalogueEntry(string Code, string Prefecture, string Name, string Type, string Furigana);

public sealed record NewTown(string Code, string Slug, string? NameJa, string? NameEn, NewTownBranding Branding, IReadOnlyList<string> EnabledServices, NewTownAdmin? FirstAdmin);

public sealed record NewTownBranding(string PrimaryColor, string AccentColor);

public sealed record NewTownAdmin(string Email, string DisplayName);
