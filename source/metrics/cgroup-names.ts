import {podUidOf, workloadOf} from '../collect/container-paths.js';
import type {WorkloadNames} from '../collect/types.js';

// Names people recognise for a cgroup path (root-cause notes §4; systemd's unit escaping): a Kubernetes
// pod by namespace and name with its container (`pod default/nginx-7c5ddbdf54-x2x8k · nginx`), a
// container by runtime and 12-character id with the name its runtime gave it (`docker 3f8a1c2b9d7e (web)`),
// the unit for systemd services and scopes, else the last component. Where the runtime's or kubelet's
// files were not readable, the pod stays `pod <uid>` and the container its short id.

const runtimeNames: Readonly<Record<string, string>> = {docker: 'docker', 'cri-containerd': 'containerd', crio: 'cri-o', libpod: 'podman', nerdctl: 'nerdctl'};

/** systemd escapes `-` in unit names as `\x2d` (systemd-escape(1)); other escapes are left as they are. */
function unescapeUnit(name: string): string {
	return name.replaceAll('\\x2d', '-');
}

/** Whether a group is a container or a pod's own: its path ends in an id nobody reads, so its name says more. */
export function isWorkload(path: string): boolean {
	const last = path.split('/').filter(component => component !== '').at(-1);
	return last !== undefined && (workloadOf(last).container !== undefined || podUidOf(last) !== undefined);
}

/**
 * The short name of a cgroup: `pod default/web-0 · nginx`, `pod 6f0b8a2e-… · containerd c1d2e3f4a5b6`
 * (the pod's files unreadable), `docker 3f8a1c2b9d7e (web)`, `nginx.service`, `session-3.scope`; the last
 * component for anything else. `names` holds what the runtimes and kubelet call the containers and pods.
 */
export function cgroupName(path: string, names?: WorkloadNames): string {
	const components = path.split('/').filter(component => component !== '');
	const last = components.at(-1);
	if (last === undefined) {
		return '/';
	}

	const {container, podUid} = workloadOf(path);
	const identity = container === undefined ? undefined : names?.containers.get(container.id);
	const pod = identity?.pod ?? (podUid === undefined ? undefined : names?.pods.get(podUid));
	const podLabel = pod === undefined ? (podUid === undefined ? undefined : `pod ${podUid}`) : `pod ${pod.namespace}/${pod.name}`;
	if (container !== undefined) {
		// cgroupfs drivers put the bare id under a directory named for the runtime: /docker/<id>.
		const parent = components.at(-2);
		const runtime = container.prefix ?? (parent === 'docker' || parent === 'libpod_parent' ? parent.replace('_parent', '') : undefined);
		const short = `${runtime === undefined ? 'container' : runtimeNames[runtime] ?? runtime} ${container.id.slice(0, 12)}`;
		if (podLabel !== undefined) {
			return `${podLabel} · ${identity?.name ?? short}`;
		}

		return identity?.name === undefined ? short : `${short} (${identity.name})`;
	}

	if (podLabel !== undefined && podUidOf(last) !== undefined) {
		return podLabel;
	}

	return unescapeUnit(last);
}
