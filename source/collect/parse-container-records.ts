import type {ContainerIdentity, PodIdentity} from './types.js';

// The runtimes' and kubelet's own records of a container, each parsed to what people call it. Every
// parser returns undefined for a record that is not JSON or does not say (test/fixtures/container-names/
// README.md says where each shape comes from). A name with a control character is no name: whoever can
// start a container chooses its annotations, and a name is printed on the terminal.

type Annotations = Readonly<Record<string, unknown>>;

function objectOf(text: string): Annotations | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Annotations : undefined;
	} catch {
		return undefined;
	}
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' && !/\p{Cc}/u.test(value) ? value : undefined;
}

/** Docker's config.v2.json (`/var/lib/docker/containers/<id>/`): `"Name":"/web"`, the slash Docker's own. */
export function parseDockerName(record: string): string | undefined {
	return text(objectOf(record)?.Name)?.replace(/^\//, '');
}

/**
 * An OCI bundle's config.json `annotations`: containerd's CRI plugin writes `io.kubernetes.cri.*`
 * (internal/cri/annotations), CRI-O copies kubelet's labels `io.kubernetes.pod.*` and
 * `io.kubernetes.container.name` (internal/factory/container), nerdctl its labels `nerdctl/*`
 * (pkg/labels). A pod's sandbox (pause) container is named `sandbox`.
 */
export function parseOciAnnotations(record: string): ContainerIdentity | undefined {
	const annotations = objectOf(record)?.annotations;
	if (typeof annotations !== 'object' || annotations === null) {
		return undefined;
	}

	const get = (key: string) => text((annotations as Annotations)[key]);
	const sandbox = get('io.kubernetes.cri.container-type') === 'sandbox' || get('io.kubernetes.cri-o.ContainerType') === 'sandbox';
	const name = sandbox ? 'sandbox' : (get('io.kubernetes.cri.container-name') ?? get('io.kubernetes.container.name') ?? get('nerdctl/name'));
	const podName = get('io.kubernetes.cri.sandbox-name') ?? get('io.kubernetes.pod.name');
	const namespace = get('io.kubernetes.cri.sandbox-namespace') ?? get('io.kubernetes.pod.namespace');
	const uid = get('io.kubernetes.cri.sandbox-uid') ?? get('io.kubernetes.pod.uid');
	const pod = podName === undefined || namespace === undefined ? undefined : {namespace, name: podName, ...(uid !== undefined && {uid})};
	return name === undefined && pod === undefined ? undefined : {...(name !== undefined && {name}), ...(pod && {pod})};
}

/** containers/storage's containers.json (Podman, CRI-O): each container's id and the names it was given. */
export function parseStorageContainers(record: string): Map<string, string> {
	const names = new Map<string, string>();
	let entries: unknown;
	try {
		entries = JSON.parse(record);
	} catch {
		return names;
	}

	for (const entry of Array.isArray(entries) ? entries as unknown[] : []) {
		const {id, names: given} = (typeof entry === 'object' && entry !== null ? entry : {}) as {id?: unknown; names?: unknown};
		const name = Array.isArray(given) ? text(given[0]) : undefined;
		if (typeof id === 'string' && name !== undefined) {
			names.set(id, name);
		}
	}

	return names;
}

/** kubelet's pod log directory `/var/log/pods/<namespace>_<name>_<uid>` (pkg/kubelet/kuberuntime BuildPodLogsDirectory). */
export function parsePodLogDirectory(entry: string): {readonly uid: string; readonly pod: PodIdentity} | undefined {
	const match = /^([^_\p{Cc}]+)_([^_\p{Cc}]+)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/u.exec(entry);
	return match ? {uid: match[3]!, pod: {namespace: match[1]!, name: match[2]!}} : undefined;
}

/**
 * kubelet's container log link `/var/log/containers/<pod>_<namespace>_<container>-<id>.log`
 * (pkg/kubelet/kuberuntime legacyLogSymlink; a name cut at 255 characters loses the id and is skipped).
 */
export function parseContainerLogLink(entry: string): {readonly id: string; readonly identity: ContainerIdentity} | undefined {
	const match = /^([^_\p{Cc}]+)_([^_\p{Cc}]+)_([^\p{Cc}]+)-([0-9a-f]{64})\.log$/u.exec(entry);
	return match ? {id: match[4]!, identity: {name: match[3]!, pod: {namespace: match[2]!, name: match[1]!}}} : undefined;
}
