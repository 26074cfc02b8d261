# The development SMTP sink (deploy/SmtpSink): every mail as an .eml file in /mail.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish deploy/SmtpSink/SmtpSink.csproj -c Release -o /app --nologo
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["dotnet", "SharedServices.SmtpSink.dll", "--port", "2525", "--folder", "/mail"]
