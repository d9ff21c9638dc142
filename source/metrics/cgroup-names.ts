// Names people recognise for a cgroup path (root-cause notes §4; cadvisor's container matching, systemd's
// unit escaping): a runtime prefix with a 12-character id for containers, `pod <uid>` for Kubernetes
// pods, the unit for systemd services and scopes, else the path itself.

/** A container id as runtimes write it: 64 hex characters (cadvisor ignores `*.mount` and conmon). */
const containerId = /^(?:(docker|cri-containerd|crio|libpod)-)?([0-9a-f]{64})(?:\.scope)?$/;
/** `kubepods-burstable-pod6f0b8a2e_9c1d_….slice` (systemd driver) or `pod6f0b8a2e-9c1d-…` (cgroupfs driver). */
const podSlice = /(?:^|-)pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

const runtimeNames: Readonly<Record<string, string>> = {docker: 'docker', 'cri-containerd': 'containerd', crio: 'cri-o', libpod: 'podman'};

/** systemd escapes `-` in unit names as `\x2d` (systemd-escape(1)); other escapes are left as they are. */
function unescapeUnit(name: string): string {
	return name.replaceAll('\\x2d', '-');
}

/** The runtime and short id of a container component, when the component is one. */
function containerOf(component: string, parent: string | undefined): string | undefined {
	const match = containerId.exec(component);
	if (!match) {
		return undefined;
	}

	// cgroupfs drivers put the bare id under a directory named for the runtime: /docker/<id>.
	const runtime = match[1] ?? (parent === 'docker' || parent === 'libpod_parent' ? parent.replace('_parent', '') : undefined);
	const label = runtime === undefined ? 'container' : (runtimeNames[runtime] ?? runtime);
	return `${label} ${match[2]!.slice(0, 12)}`;
}

/**
 * The short name of a cgroup: `docker 3f8a1c2b9d7e`, `pod 6f0b8a2e-… / containerd c1d2e3f4a5b6`,
 * `nginx.service`, `session-3.scope`; the last component for anything else. `names` maps a container's
 * full id to its name where the runtime's own files were readable: `docker 3f8a1c2b9d7e (web)`.
 */
export function cgroupName(path: string, names?: ReadonlyMap<string, string>): string {
	const components = path.split('/').filter(component => component !== '');
	if (components.length === 0) {
		return '/';
	}

	const last = components.at(-1)!;
	const parent = components.at(-2);
	const container = containerOf(last, parent);
	const pod = components.map(component => podSlice.exec(component)?.[1]).filter(uid => uid !== undefined).at(-1);
	if (container !== undefined) {
		const id = containerId.exec(last)![2]!;
		const named = names?.get(id);
		const label = named === undefined ? container : `${container} (${named})`;
		return pod === undefined ? label : `pod ${pod.replaceAll('_', '-')} / ${label}`;
	}

	if (pod !== undefined && podSlice.test(last)) {
		return `pod ${pod.replaceAll('_', '-')}`;
	}

	return unescapeUnit(last);
}
