using SharedServices.Testing;

namespace SharedServices.Deployment.Tests;

/// <summary>
/// deploy/kubernetes, checked offline by its validator (deploy/kubernetes/validate: Kubernetes' JSON
/// schemas from kubernetes-models, the operators' resources, the platform's rules), and kept in step
/// with the services of the solution.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private static readonly string Root = ServiceProcess.RepositoryRoot();
    private static readonly string Manifests = Path.Combine(Root, "deploy", "kubernetes");
    private static readonly string Validator = Path.Combine(Manifests, "validate");

    [Fact]
    public async Task The_manifests_are_valid_against_Kubernetes_schemas_and_the_platforms_rules()
    {
        var (exitCode, output) = await Validate(Manifests);

        Assert.True(exitCode == 0, output);
        Assert.Contains("7 deployments checked", output, StringComparison.Ordinal);
        Assert.EndsWith("valid", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validator_refuses_a_wrong_type_a_missing_probe_and_a_backend_that_is_not_there()
    {
        var broken = Directory.CreateTempSubdirectory("ss-manifests-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Manifests, "*.yaml"))
            {
                File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
            }
            Replace(Path.Combine(broken, "points.yaml"), "containerPort: 8080", "containerPort: \"8080\"");
            Replace(Path.Combine(broken, "talent.yaml"), "          livenessProbe:\n", "          livenessProbeTypo:\n");
            Replace(Path.Combine(broken, "ingress.yaml"), "name: gateway, port", "name: gatewy, port");

            var (exitCode, output) = await Validate(broken);

            Assert.Equal(1, exitCode);
            Assert.Contains("Deployment/points: data/spec/template/spec/containers/0/ports/0/containerPort must be integer", output, StringComparison.Ordinal);
            Assert.Contains("container talent: has no livenessProbe", output, StringComparison.Ordinal);
            Assert.Contains("goes to the unknown Service gatewy", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    [Fact]
    public void Every_service_of_the_solution_is_in_the_manifests_the_local_run_and_compose()
    {
        var services = Directory.GetDirectories(Path.Combine(Root, "services")).Select(Path.GetFileName).OfType<string>().ToList();
        var kustomization = File.ReadAllText(Path.Combine(Manifests, "kustomization.yaml"));
        var run = File.ReadAllText(Path.Combine(Root, "deploy", "local", "run.sh"));
        var compose = File.ReadAllText(Path.Combine(Root, "deploy", "compose", "compose.yaml"));

        Assert.Equal(7, services.Count);
        foreach (var service in services)
        {
            var manifest = service.ToLowerInvariant() + ".yaml";
            Assert.True(File.Exists(Path.Combine(Manifests, manifest)), $"deploy/kubernetes/{manifest} is missing");
            Assert.Contains("  - " + manifest, kustomization, StringComparison.Ordinal);
            Assert.Contains($"start {service} services/{service}", run, StringComparison.Ordinal);
            Assert.Contains($"args: {{ SERVICE: {service} }}", compose, StringComparison.Ordinal);
        }
    }

    private static void Replace(string file, string old, string replacement)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(old, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(old, replacement, StringComparison.Ordinal));
    }

    /// <summary>node validate.mjs DIRECTORY, after npm ci (offline once installed: no registry, no cluster).</summary>
    private static async Task<(int ExitCode, string Output)> Validate(string directory)
    {
        if (!Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models")))
        {
            var (installed, log) = await Run("npm", Validator, "ci", "--no-audit", "--no-fund");
            Assert.True(installed == 0, "npm ci in deploy/kubernetes/validate failed:\n" + log);
        }
        return await Run("node", Validator, "validate.mjs", directory);
    }

    private static async Task<(int, string)> Run(string program, string directory, params string[] arguments)
    {
        var (exitCode, output, error) = await Processes.RunAsync(program, directory, arguments);
        return (exitCode, output + error);
    }
}
