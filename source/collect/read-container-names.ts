import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {workloadOf} from './container-paths.js';
import {parseContainerLogLink, parseDockerName, parseOciAnnotations, parsePodLogDirectory, parseStorageContainers} from './parse-container-records.js';
import type {ContainerIdentity, PodIdentity, WorkloadNames} from './types.js';

// Names for the containers and pods among the cgroups, from files a root process on the node can read (no
// API calls), most exact first:
// 1. Docker's config.v2.json;
// 2. the OCI bundle's config.json that containerd keeps while the task runs, in any containerd namespace
//    (`k8s.io` for Kubernetes, `default` for nerdctl);
// 3. the bundle's config.json CRI-O keeps under containers/storage's run root;
// 4. containers/storage's containers.json (Podman's names);
// 5. kubelet's log links /var/log/containers/<pod>_<namespace>_<container>-<id>.log (any runtime, any
//    state directory, such as k3s's);
// and for a pod's own slice, the pod its containers name, else kubelet's /var/log/pods/<namespace>_<name>_<uid>.
// A name does not change while the container lives, so each is resolved once, when its group is found; one
// not named yet (a record written after the cgroup) is tried again at the next few walks, then left as its
// id. Names of groups that have gone are forgotten.

const tries = 3;

type Known<T> = {value: T | undefined; tries: number};

export type ContainerNames = {
	/** The names known for the containers and pods among `paths`, reading the records of those not seen before. */
	readonly namesFor: (paths: Iterable<string>) => WorkloadNames;
};

function readText(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

function listing(directory: string): string[] {
	try {
		return readdirSync(directory);
	} catch {
		return [];
	}
}

/** `make`'s value, made at the first call. */
function once<T>(make: () => T): () => T {
	let made: {value: T} | undefined;
	return () => (made ??= {value: make()}).value;
}

/** The identity in the first of `bundles` whose config.json has one. */
function annotatedIn(bundles: readonly string[]): ContainerIdentity | undefined {
	for (const bundle of bundles) {
		const identity = parseOciAnnotations(readText(path.join(bundle, 'config.json')) ?? '');
		if (identity !== undefined) {
			return identity;
		}
	}

	return undefined;
}

/** Directory listings and shared records, each read at most once a walk and only when an unnamed id needs it. */
function recordsUnder(rootfs: string) {
	const at = (...parts: string[]) => path.join(rootfs, ...parts);
	const taskRoot = at('run', 'containerd', 'io.containerd.runtime.v2.task');
	const namespaces = once(() => listing(taskRoot));
	/** containers/storage keeps a store per graph driver: `overlay-containers`, `vfs-containers` … */
	const stores = (root: string) => listing(root).filter(entry => entry.endsWith('-containers')).map(entry => path.join(root, entry));
	const runStores = once(() => stores(at('run', 'containers', 'storage')));
	const storageNames = once(() => new Map(stores(at('var', 'lib', 'containers', 'storage')).flatMap(store => [...parseStorageContainers(readText(path.join(store, 'containers.json')) ?? '')])));
	const logLinks = once(() => new Map(listing(at('var', 'log', 'containers')).map(entry => parseContainerLogLink(entry)).filter(link => link !== undefined).map(link => [link.id, link.identity])));
	const podLogs = once(() => new Map(listing(at('var', 'log', 'pods')).map(entry => parsePodLogDirectory(entry)).filter(entry => entry !== undefined).map(entry => [entry.uid, entry.pod])));
	const named = (name: string | undefined) => name === undefined ? undefined : {name};
	const sources: Array<(id: string) => ContainerIdentity | undefined> = [
		id => named(parseDockerName(readText(at('var', 'lib', 'docker', 'containers', id, 'config.v2.json')) ?? '')),
		id => annotatedIn(namespaces().map(namespace => path.join(taskRoot, namespace, id))),
		id => annotatedIn(runStores().map(store => path.join(store, id, 'userdata'))),
		id => named(storageNames().get(id)),
		id => logLinks().get(id),
	];
	return {
		container(id: string): ContainerIdentity | undefined {
			for (const source of sources) {
				const identity = source(id);
				if (identity !== undefined) {
					return identity;
				}
			}

			return undefined;
		},
		pod: (uid: string): PodIdentity | undefined => podLogs().get(uid),
	};
}

/** Keeps `known` to the keys in `present`, trying each unnamed one (at most `tries` times) with `resolve`. */
function refresh<T>(known: Map<string, Known<T>>, present: ReadonlySet<string>, resolve: (key: string) => T | undefined): Map<string, T> {
	const named = new Map<string, T>();
	for (const key of known.keys()) {
		if (!present.has(key)) {
			known.delete(key);
		}
	}

	for (const key of present) {
		let entry = known.get(key);
		if (entry === undefined) {
			entry = {value: undefined, tries: 0};
			known.set(key, entry);
		}

		if (entry.value === undefined && entry.tries < tries) {
			entry.tries++;
			entry.value = resolve(key);
		}

		if (entry.value !== undefined) {
			named.set(key, entry.value);
		}
	}

	return named;
}

export function createContainerNames(rootfs: string): ContainerNames {
	const containers = new Map<string, Known<ContainerIdentity>>();
	const pods = new Map<string, Known<PodIdentity>>();
	return {
		namesFor(paths) {
			const ids = new Set<string>();
			const uids = new Set<string>();
			for (const groupPath of paths) {
				const {container, podUid} = workloadOf(groupPath);
				if (container !== undefined) {
					ids.add(container.id);
				}

				if (podUid !== undefined) {
					uids.add(podUid);
				}
			}

			const records = recordsUnder(rootfs);
			const namedContainers = refresh(containers, ids, id => records.container(id));
			const podsOfContainers = new Map<string, PodIdentity>();
			for (const {pod} of namedContainers.values()) {
				if (pod?.uid !== undefined) {
					podsOfContainers.set(pod.uid, {namespace: pod.namespace, name: pod.name});
				}
			}

			return {containers: namedContainers, pods: refresh(pods, uids, uid => podsOfContainers.get(uid) ?? records.pod(uid))};
		},
	};
}
