namespace SharedServices.Platform.Tests; internal static class Placeholder;
