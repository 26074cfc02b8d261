namespace SharedServices.Onboarding;

/// <summary>Names the onboarding service's assembly, e.g. for tests that host it.</summary>
public sealed class OnboardingService;
