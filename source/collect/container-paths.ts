// Where a cgroup path names a container or a Kubernetes pod (root-cause notes §4; cadvisor's container
// matching): the runtimes write a 64-hex id as the last component, with a prefix under systemd
// (`docker-<id>.scope`, `cri-containerd-<id>.scope`, `crio-<id>.scope`, `libpod-<id>.scope`,
// `nerdctl-<id>.scope`) or bare under a directory of their own with cgroupfs (`/docker/<id>`,
// `/kubepods/burstable/pod<uid>/<id>`, containerd's `/<namespace>/<id>`); kubelet names a pod's slice
// `kubepods-burstable-pod<uid with _>.slice` (systemd) or `pod<uid>` (cgroupfs). Conmon's own scopes
// (`crio-conmon-<id>.scope`) are not containers.

const containerComponent = /^(?:(docker|cri-containerd|crio|libpod|nerdctl)-)?([0-9a-f]{64})(?:\.scope)?$/;
const podComponent = /(?:^|-)pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

/** A container's cgroup component: its runtime prefix (undefined when bare) and full id. */
export type ContainerComponent = {
	readonly prefix: string | undefined;
	readonly id: string;
};

export function containerComponentOf(component: string): ContainerComponent | undefined {
	const match = containerComponent.exec(component);
	return match ? {prefix: match[1], id: match[2]!} : undefined;
}

/** The pod uid a pod slice component names, with dashes as the API writes it. */
export function podUidOf(component: string): string | undefined {
	return podComponent.exec(component)?.[1]?.replaceAll('_', '-');
}

/** The container and the innermost pod a cgroup path names, where it names them. */
export function workloadOf(groupPath: string): {readonly container?: ContainerComponent; readonly podUid?: string} {
	const components = groupPath.split('/').filter(component => component !== '');
	const last = components.at(-1);
	let podUid: string | undefined;
	for (const component of components) {
		podUid = podUidOf(component) ?? podUid;
	}

	const container = last === undefined ? undefined : containerComponentOf(last);
	return {...(container && {container}), ...(podUid !== undefined && {podUid})};
}
