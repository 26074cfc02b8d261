using Microsoft.Extensions.DependencyInjection;
using SharedServices.EApplication.Applications;
using SharedServices.EventStore;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Receipt numbers (受付番号) from the service's real counter table. Callers waiting at the same moment
/// share counter updates (the benchmark's <c>--statements</c> counts how many); here, that sharing
/// still gives every number once, in one unbroken run, across two instances.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class ReceiptNumbersTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task Two_instances_racing_give_every_number_once_with_no_gap_and_a_quiet_one_is_next()
    {
        var databases = fixture.Service.Services.GetRequiredService<TownDataSources>();
        // Two instances of the service: each its own in-process waiting line, one counter row between them.
        var first = new ReceiptNumbers(databases);
        var second = new ReceiptNumbers(databases);
        var town = $"9{Random.Shared.Next(10000, 99999)}"; // a counter of its own, as a town new this year
        var database = databases.For(town);
        const int year = 2031;

        var numbers = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).NextAsync(town, year, CancellationToken.None))));

        var sequences = numbers.Select(n => long.Parse(n.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), sequences);
        Assert.All(numbers, n => Assert.StartsWith($"{town}-{year}-", n));
        await using var command = database.CreateCommand($"select last from public.{ReceiptNumbers.TableName} where tenant_id = $1 and year = $2");
        command.Parameters.Add(new() { Value = town });
        command.Parameters.Add(new() { Value = year });
        Assert.Equal(400L, await command.ExecuteScalarAsync());

        Assert.Equal($"{town}-{year}-000401", await second.NextAsync(town, year, CancellationToken.None));
        Assert.Equal($"{town}-{year}-000402", await first.NextAsync(town, year, CancellationToken.None));
    }
}
