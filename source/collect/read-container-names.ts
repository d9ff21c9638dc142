import {readFileSync} from 'node:fs';
import path from 'node:path';

// Docker's own record of a container (/var/lib/docker/containers/<id>/config.v2.json, root-only) holds
// the name people gave it: `"Name":"/web"`. Read once an id (a name does not change while the container
// lives); an unreadable record (no Docker, no permission, another runtime) leaves the short id alone.

/** A 64-hex container id anywhere in a cgroup path's last component (docker-<id>.scope, /docker/<id>). */
const idPattern = /([0-9a-f]{64})(?:\.scope)?$/;

/** `"Name":"/web"` in config.v2.json; the leading slash is Docker's, not part of the name. */
export function parseDockerName(text: string): string | undefined {
	const match = /"Name"\s*:\s*"\/?([^"]+)"/.exec(text);
	return match?.[1];
}

export type ContainerNames = {
	/** The names known for the container ids among `paths`, reading the records of ids not seen before. */
	readonly namesFor: (paths: readonly string[]) => ReadonlyMap<string, string>;
};

export function createContainerNames(rootfs: string): ContainerNames {
	const known = new Map<string, string | undefined>();
	return {
		namesFor(paths) {
			const names = new Map<string, string>();
			for (const groupPath of paths) {
				const id = idPattern.exec(groupPath)?.[1];
				if (id === undefined) {
					continue;
				}

				if (!known.has(id)) {
					let name: string | undefined;
					try {
						name = parseDockerName(readFileSync(path.join(rootfs, 'var', 'lib', 'docker', 'containers', id, 'config.v2.json'), 'utf8'));
					} catch {
						name = undefined;
					}

					known.set(id, name);
				}

				const name = known.get(id);
				if (name !== undefined) {
					names.set(id, name);
				}
			}

			return names;
		},
	};
}
