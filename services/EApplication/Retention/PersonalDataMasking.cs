using Marten;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Helpers;

namespace SharedServices.EApplication.Retention;

/// <summary>
/// What of an application's events is personal data, and what it becomes once the retention period
/// (保存期間) has run out: Marten rewrites the stored events with these rules when
/// <see cref="PersonalDataErasure"/> asks it to for one stream. Kept: ids, times, status, receipt
/// number, the form version, the channel, staff ids; so the history still reads as a history and the
/// KPIs (which hold no personal data) stay as they were.
/// </summary>
public static class PersonalDataMasking
{
    public const string NoAnswers = "{}";

    public static void AddPersonalDataMasking(this StoreOptions options)
    {
        var events = options.Events;
        events.AddMaskingRuleForProtectedInformation<ApplicationStarted>(e => e with { ApplicantName = "", ActorName = "" });
        events.AddMaskingRuleForProtectedInformation<AnswersSaved>(e => e with { AnswersJson = NoAnswers });
        events.AddMaskingRuleForProtectedInformation<Submitted>(e => e with { AnswersJson = NoAnswers, ContactEmail = null });
        events.AddMaskingRuleForProtectedInformation<Resubmitted>(e => e with { AnswersJson = NoAnswers });
        // Free texts staff wrote about the application may name or describe the applicant.
        events.AddMaskingRuleForProtectedInformation<ReturnedForCorrection>(e => e with { Reason = "" });
        events.AddMaskingRuleForProtectedInformation<Approved>(e => e with { Note = null });
        events.AddMaskingRuleForProtectedInformation<Rejected>(e => e with { Reason = "" });
        events.AddMaskingRuleForProtectedInformation<CommentAdded>(e => e with { Text = "", ByName = "" });
        // A file name can name the person (山田太郎_見積書.pdf); the file itself is deleted with the answers.
        events.AddMaskingRuleForProtectedInformation<AttachmentAdded>(e => e with { FileName = "", Sha256 = "" });
        // A resident's authorisation of a helper (委任), once it has ended and outlived its applications.
        events.AddMaskingRuleForProtectedInformation<AuthorisationGranted>(e => e with { ResidentName = "", ResidentEmail = null });
    }
}
