namespace SharedServices.Testing;

/// <summary>Waits for something asynchronous (a message, a projection) to become true, or fails with what was last seen.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting{(what is null ? "" : " for " + what)}; last value: {(describe is null ? value : describe(value))}");
            }
            await Task.Delay(50);
        }
    }
}
