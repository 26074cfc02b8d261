// Validates the Kubernetes manifests offline (no cluster, no network):
//  1. every object of kustomization.yaml's resources against Kubernetes' own JSON schemas (kubernetes-models);
//  2. the operators' resources (CloudNativePG, RabbitMQ) for the fields the platform relies on;
//  3. the platform's rules: probes and resource requests/limits on every container, an autoscaler and a
//     disruption budget for every Deployment, Services and Ingress backends that point at something,
//     and every Secret or ConfigMap referenced either in the manifests, in secrets.example.yaml or made
//     by an operator.
// Usage: node validate.mjs [directory with kustomization.yaml]   (exit 1 and the errors when invalid)
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseAllDocuments, parse } from "yaml";

const directory = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);

const kustomization = parse(readFileSync(join(directory, "kustomization.yaml"), "utf8"));
const objects = [];
for (const file of kustomization.resources ?? []) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length > 0) fail(file, document.errors.map(e => e.message).join("; "));
    const object = document.toJS();
    if (object) objects.push({ file, object });
  }
}
const exampleSecrets = parseAllDocuments(readFileSync(join(directory, "secrets.example.yaml"), "utf8")).map(d => d.toJS()).filter(Boolean);
// Made by the operators: the RabbitMQ Cluster Operator, and CloudNativePG (enableSuperuserAccess).
const operatorSecrets = new Set(["ss-rabbitmq-default-user", "ss-postgres-superuser"]);

const name = ({ file, object }) => `${file} ${object.kind}/${object.metadata?.name}`;

// 1. Kubernetes' schemas.
async function schemaCheck(entry) {
  const { apiVersion, kind } = entry.object;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
  let Model;
  try {
    Model = (await import(module))[kind];
  } catch {
    return false; // not a built-in kind
  }
  try {
    new Model(entry.object).validate();
  } catch (error) {
    fail(name(entry), error.message);
  }
  return true;
}

// 2. The operators' resources: what the platform relies on.
const need = (entry, path, test, what) => {
  const value = path.split(".").reduce((v, key) => v?.[key], entry.object);
  if (!test(value)) fail(name(entry), `${path} ${what}`);
};
const isName = v => typeof v === "string" && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v);
const operatorKinds = {
  "postgresql.cnpg.io/v1 Cluster": e => {
    need(e, "spec.instances", v => Number.isInteger(v) && v >= 3, "must be an integer of at least 3 (a primary and two replicas)");
    need(e, "spec.storage.size", v => typeof v === "string", "must be set");
    need(e, "spec.managed.roles", v => Array.isArray(v) && ["ss_owner", "ss_app", "ss_relay"].every(r => v.some(x => x.name === r)), "must declare ss_owner, ss_app and ss_relay");
    need(e, "spec.backup.barmanObjectStore.destinationPath", v => typeof v === "string", "must be set (WAL archive for point-in-time recovery)");
  },
  "postgresql.cnpg.io/v1 ScheduledBackup": e => {
    need(e, "spec.schedule", v => typeof v === "string" && v.trim().split(/\s+/).length === 6, "must be a six-field cron schedule (seconds first)");
    need(e, "spec.cluster.name", isName, "must name the cluster");
  },
  "postgresql.cnpg.io/v1 Database": e => {
    need(e, "spec.cluster.name", isName, "must name the cluster");
    need(e, "spec.name", v => typeof v === "string", "must be set");
    need(e, "spec.owner", v => v === "ss_owner", "must be ss_owner (ss_app must own nothing)");
  },
  "rabbitmq.com/v1beta1 RabbitmqCluster": e => {
    need(e, "spec.replicas", v => Number.isInteger(v) && v % 2 === 1 && v >= 3, "must be an odd integer of at least 3 (quorum queues)");
  },
};

const byKind = kind => objects.filter(e => e.object.kind === kind);
const matches = (selector, labels) => selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

let schemaChecked = 0;
for (const entry of objects) {
  const { apiVersion, kind, metadata } = entry.object;
  if (!apiVersion || !kind || !metadata?.name) { fail(entry.file, "an object without apiVersion, kind or metadata.name"); continue; }
  if (await schemaCheck(entry)) { schemaChecked++; continue; }
  const check = operatorKinds[`${apiVersion} ${kind}`];
  if (check) check(entry); else fail(name(entry), `unknown kind ${apiVersion} ${kind}`);
}

// 3. The platform's rules.
const secrets = new Set([...operatorSecrets, ...exampleSecrets.map(s => s.metadata.name), ...byKind("Secret").map(e => e.object.metadata.name)]);
const configMaps = new Set([...byKind("ConfigMap").map(e => e.object.metadata.name),
  ...(kustomization.configMapGenerator ?? []).map(g => g.name)]);
const deployments = byKind("Deployment");
for (const entry of byKind("Job")) {
  for (const container of entry.object.spec.template.spec.containers) {
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef?.name;
      if (secret && !secrets.has(secret)) fail(name(entry), `env ${variable.name} uses the unknown Secret ${secret}`);
    }
  }
  for (const volume of entry.object.spec.template.spec.volumes ?? []) {
    if (volume.configMap && !configMaps.has(volume.configMap.name)) fail(name(entry), `volume ${volume.name} uses the unknown ConfigMap ${volume.configMap.name}`);
  }
}
for (const entry of deployments) {
  const pod = entry.object.spec.template;
  for (const container of pod.spec.containers ?? []) {
    const where = `${name(entry)} container ${container.name}`;
    if (!container.readinessProbe) fail(where, "has no readinessProbe");
    if (!container.livenessProbe) fail(where, "has no livenessProbe");
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        if (!container.resources?.[kind]?.[resource]) fail(where, `has no resources.${kind}.${resource}`);
      }
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef?.name;
      if (secret && !secrets.has(secret)) fail(where, `env ${variable.name} uses the unknown Secret ${secret}`);
      const configMap = variable.valueFrom?.configMapKeyRef?.name;
      if (configMap && !configMaps.has(configMap)) fail(where, `env ${variable.name} uses the unknown ConfigMap ${configMap}`);
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !configMaps.has(source.configMapRef.name)) fail(where, `envFrom uses the unknown ConfigMap ${source.configMapRef.name}`);
      if (source.secretRef && !secrets.has(source.secretRef.name)) fail(where, `envFrom uses the unknown Secret ${source.secretRef.name}`);
    }
  }
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.secret && !secrets.has(volume.secret.secretName)) fail(name(entry), `volume ${volume.name} uses the unknown Secret ${volume.secret.secretName}`);
  }
  const deploymentName = entry.object.metadata.name;
  if (!byKind("HorizontalPodAutoscaler").some(h => h.object.spec.scaleTargetRef.kind === "Deployment" && h.object.spec.scaleTargetRef.name === deploymentName)) {
    fail(name(entry), "has no HorizontalPodAutoscaler");
  }
  if (!byKind("PodDisruptionBudget").some(p => matches(p.object.spec.selector?.matchLabels, pod.metadata.labels))) {
    fail(name(entry), "has no PodDisruptionBudget selecting its pods");
  }
}
const services = byKind("Service");
for (const entry of services) {
  const target = deployments.find(d => matches(entry.object.spec.selector, d.object.spec.template.metadata.labels));
  if (!target) { fail(name(entry), "selects no Deployment's pods"); continue; }
  const portNames = target.object.spec.template.spec.containers.flatMap(c => (c.ports ?? []).map(p => p.name));
  for (const port of entry.object.spec.ports) {
    if (typeof port.targetPort === "string" && !portNames.includes(port.targetPort)) fail(name(entry), `targetPort ${port.targetPort} is no container port of ${target.object.metadata.name}`);
  }
}
for (const entry of byKind("Ingress")) {
  for (const rule of entry.object.spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const backend = path.backend.service;
      const service = services.find(s => s.object.metadata.name === backend.name);
      if (!service) fail(name(entry), `${rule.host}${path.path} goes to the unknown Service ${backend.name}`);
      else if (backend.port.name && !service.object.spec.ports.some(p => p.name === backend.port.name)) fail(name(entry), `${rule.host}${path.path}: Service ${backend.name} has no port ${backend.port.name}`);
    }
  }
  for (const tls of entry.object.spec.tls ?? []) {
    if (!secrets.has(tls.secretName)) fail(name(entry), `TLS uses the unknown Secret ${tls.secretName}`);
  }
}

const kinds = [...new Set(objects.map(e => e.object.kind))].sort();
console.log(`${objects.length} objects (${kinds.join(", ")}); ${schemaChecked} against Kubernetes' schemas, ${objects.length - schemaChecked} against the operators' rules; ${deployments.length} deployments checked for probes, resources, autoscaling and disruption budgets`);
if (errors.length > 0) {
  console.log(`${errors.length} error(s):\n${errors.join("\n")}`);
  process.exit(1);
}
console.log("valid");
