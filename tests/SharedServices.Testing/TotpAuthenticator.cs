using OtpNet;

namespace SharedServices.Testing;

/// <summary>
/// An authenticator app on a phone, as tests need one: enrolled with the secret the identity service
/// shows, it makes TOTP codes (Otp.NET, the same RFC 6238 defaults as the apps) and, like a person
/// waiting for the next code, never offers a time step it has already used (the service refuses those).
/// </summary>
public sealed class TotpAuthenticator
{
    private const int StepSeconds = 30;
    private long _lastStep = -1;

    public string? Secret { get; private set; }

    public void Enrol(string secret) => Secret = secret;

    /// <summary>The code of the current time step, or of the next one (the service takes one step either side) if that was used.</summary>
    public async Task<string> NextCodeAsync()
    {
        var step = Math.Max(CurrentStep(), _lastStep + 1);
        while (step > CurrentStep() + 1)
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // both used: wait, as a person would, for the next code
        }
        _lastStep = step;
        return CodeOf(step);
    }

    /// <summary>The last code given again: a replay.</summary>
    public string LastCode() => CodeOf(_lastStep);

    /// <summary>Six digits that are the code of no step the service would accept now.</summary>
    public string WrongCode()
    {
        var now = CurrentStep();
        var accepted = new[] { CodeOf(now - 1), CodeOf(now), CodeOf(now + 1), CodeOf(now + 2) };
        return Enumerable.Range(123456, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).First(code => !accepted.Contains(code));
    }

    private string CodeOf(long step) =>
        new Totp(Base32Encoding.ToBytes(Secret ?? throw new InvalidOperationException("Not enrolled yet.")))
            .ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * StepSeconds));

    private static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / StepSeconds;
}
