namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// Who fills in or looks at an application, and so which part of the e-application API the page
/// calls and which pages carry its form: the resident, their own applications
/// (<c>applications/{id}</c>); or town staff in the console (<c>console/applications/{id}</c>), where
/// the forms staff fill in are counter applications made on a resident's behalf (窓口代行); or a
/// registered helper applying for a resident who authorised them (代理申請, <c>helping/applications/{id}</c>).
/// </summary>
public sealed record ApplicationSide(string Api, string EditPage, string ReviewPage, string SubmittedPage)
{
    public static readonly ApplicationSide Resident = new(
        "applications", "/Resident/Applications/Edit", "/Resident/Applications/Review", "/Resident/Applications/Submitted");

    public static readonly ApplicationSide Staff = new(
        "console/applications", "/Console/Counter/Edit", "/Console/Counter/Review", "/Console/Counter/Submitted");

    public static readonly ApplicationSide Helper = new(
        "helping/applications", "/Resident/Helping/Edit", "/Resident/Helping/Review", "/Resident/Helping/Submitted");
}
