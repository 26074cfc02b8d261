using System.Globalization;
using System.Net;
using SharedServices.LocalMail;

// The sink as a program (deploy/local/run.sh): every message becomes an .eml file in a folder, and a
// line on the console says who it was for and what about.
//   dotnet SharedServices.SmtpSink.dll [--port 2525] [--address 127.0.0.1] [--folder .run/mail]
var port = int.Parse(Option("--port") ?? "2525", CultureInfo.InvariantCulture);
var address = IPAddress.Parse(Option("--address") ?? "127.0.0.1");
var folder = Path.GetFullPath(Option("--folder") ?? Path.Combine(".run", "mail"));
Directory.CreateDirectory(folder);

await using var sink = SmtpSink.Start(port, address);
var count = 0;
sink.Received += mail =>
{
    var number = Interlocked.Increment(ref count);
    var file = Path.Combine(folder, $"{mail.ReceivedAt:yyyyMMdd-HHmmss-fff}-{number}.eml");
    mail.Message.WriteTo(file);
    Console.WriteLine($"{mail.ReceivedAt:O} mail to {string.Join(", ", mail.Recipients)}: {mail.Message.Subject} ({file})");
};
Console.WriteLine($"SMTP sink listening on {address}:{sink.Port}; messages go to {folder}");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("SMTP sink stopped");
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
