"""What ops/check-deploy checks beyond the tools: that the deployment files describe a build and a
deployment that can work (paths that exist, names that match, references that resolve).

  check_structure.py dockerfiles                 the images' build inputs against the repository
  check_structure.py compose CONFIG.yml          `docker-compose config` output: mounts, builds, dependencies
  check_structure.py kustomization DIR           every file a kustomization names exists and parses
  check_structure.py manifests BUILT.yml         kustomize output: kinds, references, probes, GPU, scraping
  check_structure.py kustomize-v2 SRC DST        DST: the overlay SRC spelled for kustomize v2 (Debian's kubectl)
  check_structure.py prometheus-static SRC DST   DST: SRC with kubernetes_sd_configs as static_configs

Run from the repository root. Prints one line per problem and exits 1 when there is any.
"""
import fnmatch
import os
import re
import sys
import xml.etree.ElementTree as ET

import yaml

problems = []


def problem(text):
    problems.append(text)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


# ---- Dockerfiles ----

def dockerignore_patterns():
    with open(".dockerignore", encoding="utf-8") as f:
        return [l.strip().rstrip("/") for l in f if l.strip() and not l.startswith("#")]


def ignored(path, patterns):
    parts = path.rstrip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        bare = pattern[3:] if pattern.startswith("**/") else pattern
        for prefix in prefixes:
            name = prefix.split("/")[-1]
            if fnmatch.fnmatch(prefix, pattern) or (pattern.startswith("**/") and fnmatch.fnmatch(name, bare)):
                return True
    return False


def project_closure(csproj):
    """The project and every project it references, transitively, as paths from the root."""
    seen, todo = [], [os.path.normpath(csproj)]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        for ref in ET.parse(path).getroot().iter("ProjectReference"):
            todo.append(os.path.normpath(os.path.join(os.path.dirname(path), ref.get("Include").replace("\\", "/"))))
    return seen


def instructions(path):
    """(line number, instruction, arguments) with continuation lines joined."""
    result, pending, start = [], "", 0
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = line.rstrip("\n")
            if not pending and (not stripped.strip() or stripped.lstrip().startswith("#")):
                continue
            if not pending:
                start = number
            if stripped.endswith("\\"):
                pending += stripped[:-1] + " "
                continue
            text = (pending + stripped).strip()
            pending = ""
            word, _, rest = text.partition(" ")
            result.append((start, word.upper(), rest.strip()))
    return result


def build_stage(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"^# ---- build .*?\n(.*?)^# ---- end of build ----$", text, re.S | re.M)
    return match.group(1) if match else None


def check_dockerfiles():
    patterns = dockerignore_patterns()
    api = ET.parse("src/Api/Api.csproj").getroot()
    assembly = next((e.text for e in api.iter("AssemblyName")), "Api")
    projects = project_closure("src/Api/Api.csproj")
    stages = {}
    for name in ("docker/Dockerfile.api", "docker/Dockerfile.worker"):
        if not os.path.isfile(name):
            problem(f"{name} is missing")
            continue
        stages[name] = build_stage(name)
        if stages[name] is None:
            problem(f"{name}: no '# ---- build' ... '# ---- end of build ----' stage")
        copied = []
        for line, word, args in instructions(name):
            if word in ("COPY", "ADD") and "--from=" not in args:
                sources = [a for a in args.split() if not a.startswith("--")][:-1]
                for source in sources:
                    copied.append(source.rstrip("/"))
                    if not os.path.exists(source):
                        problem(f"{name}:{line}: {source} is not in the build context (the repository root)")
                    elif ignored(source, patterns):
                        problem(f"{name}:{line}: {source} is excluded by .dockerignore")
            if word == "ENTRYPOINT" and f"{assembly}.dll" not in args:
                problem(f"{name}:{line}: the entry point does not run {assembly}.dll (src/Api/Api.csproj's AssemblyName)")
            if word == "USER" and args in ("root", "0"):
                problem(f"{name}:{line}: the image runs as root")
        for project in projects:
            if project not in copied:
                problem(f"{name}: {project} (referenced by src/Api/Api.csproj) is not copied before the restore")
        words = [w for _, w, _ in instructions(name)]
        for required in ("USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT"):
            if required not in words:
                problem(f"{name}: no {required}")
    if len(stages) == 2 and None not in stages.values():
        a, b = stages.values()
        # The marker line names the other file; the stage itself must be the same.
        if a.split("\n", 1)[-1] != b.split("\n", 1)[-1]:
            problem("docker/Dockerfile.api and docker/Dockerfile.worker: the build stages differ")
    for source in ("src/Api/wwwroot",):
        if not ignored(source, patterns):
            problem(f".dockerignore: {source} (this checkout's build output) would enter the build context")


# ---- compose ----

def mounts(service):
    """A service's volumes as {type, source, target}: docker-compose 1.x prints them short, Compose v2 long."""
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
            volume = {"type": "bind" if source.startswith(("/", ".")) else "volume", "source": source, "target": target}
        yield volume


def check_compose(config_path):
    config = load_all(config_path)[0]
    services = config.get("services", {})
    for required in ("postgres", "redis", "migrate", "worker", "prometheus", "alertmanager", "grafana"):
        if required not in services:
            problem(f"compose: no service {required}")
    api_nodes = [n for n, s in services.items() if (s.get("environment") or {}).get("HSI_ROLE") == "api"]
    replicas = sum(((services[n].get("deploy") or {}).get("replicas") or 1) for n in api_nodes)
    if replicas < 2:
        problem(f"compose: {replicas} API node(s), the layout has two")
    for name, service in services.items():
        build = service.get("build")
        if build:
            dockerfile = os.path.join(build["context"], build.get("dockerfile", "Dockerfile"))
            if not os.path.isfile(dockerfile):
                problem(f"compose: {name} builds from {dockerfile}, which does not exist")
        for volume in mounts(service):
            if volume["type"] == "bind" and not os.path.exists(volume["source"]):
                problem(f"compose: {name} mounts {volume['source']}, which does not exist")
        for dependency, condition in (service.get("depends_on") or {}).items():
            if dependency not in services:
                problem(f"compose: {name} depends on {dependency}, which is no service")
        role = (service.get("environment") or {}).get("HSI_ROLE")
        if role in ("api", "worker"):
            needs = service.get("depends_on") or {}
            if (needs.get("migrate") or {}).get("condition") != "service_completed_successfully":
                problem(f"compose: {name} does not wait for migrate to complete")
            if "/srv/hsi/cameras" not in [v["target"] for v in mounts(service)]:
                problem(f"compose: {name} does not mount the camera volume at CAMERA_ROOT (/srv/hsi/cameras)")
            if not service.get("environment", {}).get("DATABASE_URL"):
                problem(f"compose: {name} has no DATABASE_URL")
        if role == "worker":
            devices = (((service.get("deploy") or {}).get("resources") or {}).get("reservations") or {}).get("devices") or []
            if not any(d.get("driver") == "nvidia" and "gpu" in d.get("capabilities", []) for d in devices):
                problem(f"compose: {name} reserves no NVIDIA GPU")
    for name in ("prometheus", "alertmanager", "grafana"):
        if name in services and "monitoring" not in (services[name].get("profiles") or []):
            problem(f"compose: {name} is not under the monitoring profile")
    for name in ("prometheus", "alertmanager"):
        for argument in (services.get(name) or {}).get("command") or []:
            if argument.startswith("--config.file="):
                inside = argument.split("=", 1)[1]
                host = host_path(services[name], inside)
                if host is None or not os.path.isfile(host):
                    problem(f"compose: {name} reads {inside}, which no mount provides")


def host_path(service, inside):
    for volume in mounts(service):
        if volume["type"] == "bind" and inside.startswith(volume["target"] + "/"):
            return os.path.join(volume["source"], inside[len(volume["target"]) + 1:])
    return None


# ---- Kubernetes ----

def check_kustomization(directory):
    path = os.path.join(directory, "kustomization.yaml")
    kustomization = load_all(path)[0]
    if kustomization.get("kind") != "Kustomization":
        problem(f"{path}: not a Kustomization")
    names = list(kustomization.get("resources", [])) + [p["path"] for p in kustomization.get("patches", []) if "path" in p]
    for name in names:
        target = os.path.normpath(os.path.join(directory, name))
        if os.path.isdir(target):
            if not os.path.isfile(os.path.join(target, "kustomization.yaml")):
                problem(f"{path}: {name} is a folder without a kustomization.yaml")
            continue
        if not os.path.isfile(target):
            problem(f"{path}: {name} does not exist")
            continue
        try:
            for document in load_all(target):
                for key in ("apiVersion", "kind"):
                    if key not in document:
                        problem(f"{target}: a document without {key}")
                if not (document.get("metadata") or {}).get("name"):
                    problem(f"{target}: a document without metadata.name")
        except yaml.YAMLError as error:
            problem(f"{target}: {error}")
    listed = {os.path.normpath(os.path.join(directory, n)) for n in names}
    for name in sorted(os.listdir(directory)):
        full = os.path.join(directory, name)
        if name.endswith(".yaml") and name != "kustomization.yaml" and full not in listed:
            problem(f"{path}: {name} is in the folder but not listed")


def pod_specs(documents):
    for d in documents:
        if d.get("kind") in ("Deployment", "StatefulSet", "DaemonSet"):
            yield d, d["spec"]["template"]
        elif d.get("kind") == "Job":
            yield d, d["spec"]["template"]


def check_manifests(built_path):
    documents = load_all(built_path)
    by_kind = {}
    for d in documents:
        by_kind.setdefault(d["kind"], set()).add(d["metadata"]["name"])
    namespaces = by_kind.get("Namespace", set())
    for d in documents:
        if d["kind"] != "Namespace" and d["metadata"].get("namespace") not in namespaces:
            problem(f"{d['kind']}/{d['metadata']['name']}: namespace {d['metadata'].get('namespace')} is not created here")
    for kind in ("Job", "Service", "ConfigMap", "Secret"):
        if not by_kind.get(kind):
            problem(f"no {kind}")
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    for name in ("hsi-api", "hsi-worker"):
        if name not in deployments:
            problem(f"no Deployment {name}")
    for owner, template in pod_specs(documents):
        where = f"{owner['kind']}/{owner['metadata']['name']}"
        spec = template["spec"]
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for volume in volumes.values():
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and claim not in by_kind.get("PersistentVolumeClaim", set()):
                problem(f"{where}: claim {claim} is not defined")
        security = spec.get("securityContext") or {}
        if not security.get("runAsNonRoot"):
            problem(f"{where}: pods may run as root (securityContext.runAsNonRoot)")
        for container in spec.get("initContainers", []) + spec["containers"]:
            for source in container.get("envFrom", []):
                for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if key in source and source[key]["name"] not in by_kind.get(kind, set()):
                        problem(f"{where}: {kind} {source[key]['name']} is not defined")
            for mount in container.get("volumeMounts", []):
                if mount["name"] not in volumes:
                    problem(f"{where}/{container['name']}: mounts {mount['name']}, which is no volume of the pod")
            if ":" not in container.get("image", "") and "@" not in container.get("image", ""):
                problem(f"{where}/{container['name']}: image {container.get('image')} has no tag (kustomization images:)")
        if owner["kind"] == "Deployment":
            main = spec["containers"][0]
            probes = {k: (main.get(k) or {}).get("httpGet", {}).get("path") for k in ("livenessProbe", "readinessProbe")}
            if probes != {"livenessProbe": "/health", "readinessProbe": "/api/system/health/ready"}:
                problem(f"{where}: probes {probes}, expected liveness /health and readiness /api/system/health/ready")
            annotations = template["metadata"].get("annotations") or {}
            if annotations.get("prometheus.io/scrape") != "true" or annotations.get("prometheus.io/path") != "/metrics":
                problem(f"{where}: pods are not annotated for scraping (prometheus.io/scrape, prometheus.io/path)")
            component = template["metadata"]["labels"].get("app.kubernetes.io/component")
            if not component:
                problem(f"{where}: pods have no app.kubernetes.io/component label (the scrape job's name)")
            roles = {e["name"]: e.get("value") for e in main.get("env", [])}
            if roles.get("HSI_ROLE") != component:
                problem(f"{where}: HSI_ROLE {roles.get('HSI_ROLE')} but component {component}")
            gpu = ((main.get("resources") or {}).get("limits") or {}).get("nvidia.com/gpu")
            device = roles.get("DETECTOR_DEVICE")
            if component == "worker" and (gpu is None) != (device == "cpu"):
                problem(f"{where}: nvidia.com/gpu {gpu} with DETECTOR_DEVICE {device}")
    for d in documents:
        if d["kind"] == "PersistentVolumeClaim" and d["metadata"]["name"] in ("hsi-cameras", "hsi-data", "hsi-models"):
            if "ReadWriteMany" not in d["spec"].get("accessModes", []):
                problem(f"PersistentVolumeClaim/{d['metadata']['name']}: shared by every node, needs ReadWriteMany")


def kustomize_v2(source, destination):
    """Kustomize v2 (Debian's kubectl 1.20) names an overlay's base under bases: and its patches under
    patchesStrategicMerge:; the files keep the current spelling and this copy carries the old one."""
    kustomization = load_all(os.path.join(source, "kustomization.yaml"))[0]
    os.makedirs(destination, exist_ok=True)
    old = {k: v for k, v in kustomization.items() if k not in ("resources", "patches")}
    resources = kustomization.get("resources", [])
    old["bases"] = [os.path.relpath(os.path.join(source, r), destination) for r in resources if os.path.isdir(os.path.join(source, r))]
    # Kustomize v2 reads files inside the kustomization's folder only: the copy holds them.
    old["resources"] = [copy_into(source, r, destination) for r in resources if not os.path.isdir(os.path.join(source, r))]
    patches = kustomization.get("patches", [])
    if any("target" in p or "patch" in p for p in patches):
        problem(f"{source}: a patch with target or inline text has no kustomize v2 spelling")
    old["patchesStrategicMerge"] = [copy_into(source, p["path"], destination) for p in patches]
    with open(os.path.join(destination, "kustomization.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({k: v for k, v in old.items() if v != []}, f)


def copy_into(source, name, destination):
    with open(os.path.join(source, name), encoding="utf-8") as f, \
            open(os.path.join(destination, os.path.basename(name)), "w", encoding="utf-8") as g:
        g.write(f.read())
    return os.path.basename(name)


def prometheus_static(source, destination):
    """Debian's Prometheus is built without Kubernetes discovery, so its promtool refuses
    kubernetes_sd_configs; the rest of the file (relabelling, rules, alerting) is checked as it is."""
    with open(source, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    # The copy lies elsewhere: the paths it names stay those beside the original.
    here = os.path.dirname(os.path.abspath(source))
    config["rule_files"] = [os.path.join(here, r) for r in config.get("rule_files", [])]
    for job in config.get("scrape_configs", []):
        if job.pop("kubernetes_sd_configs", None) is not None:
            job["static_configs"] = [{"targets": ["pod.example:8000"]}]
    with open(destination, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f)


def main(argv):
    command, args = argv[1], argv[2:]
    try:
        {
            "dockerfiles": check_dockerfiles,
            "compose": check_compose,
            "kustomization": check_kustomization,
            "manifests": check_manifests,
            "kustomize-v2": kustomize_v2,
            "prometheus-static": prometheus_static,
        }[command](*args)
    except (OSError, KeyError, TypeError, yaml.YAMLError, ET.ParseError) as error:
        problem(f"{command} {' '.join(args)}: {type(error).__name__}: {error}")
    for text in problems:
        print(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
