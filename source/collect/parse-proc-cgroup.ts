// /proc/<pid>/cgroup, cgroups(7): one `hierarchy-ID:controller-list:cgroup-path` line a hierarchy,
// `0::/path` for the unified one. Split on the first two colons only: a path may hold colons
// (prometheus/procfs:proc_cgroup.go).

/** The v1 controllers whose groups perftop reads, and the unified hierarchy (empty controller list). */
const readControllers = new Set(['', 'cpu', 'cpuacct', 'memory', 'blkio', 'pids']);

/**
 * The process's groups as perftop's cgroup readings name them: the distinct paths other than the root
 * among the hierarchies perftop reads, deepest first. On v2 that is one; on v1 a process may sit in
 * /test for memory, /web for cpu and / for the others. Empty when it is at the root of each. Throws on
 * a malformed line.
 */
export function parseProcCgroup(text: string): string[] {
	const paths = new Set<string>();
	for (const line of text.split('\n')) {
		if (line === '') {
			continue;
		}

		const first = line.indexOf(':');
		const second = first === -1 ? -1 : line.indexOf(':', first + 1);
		if (second === -1) {
			throw new Error(`expected 'id:controllers:path', got '${line.slice(0, 60)}'`);
		}

		const controllers = line.slice(first + 1, second).split(',');
		const path = line.slice(second + 1);
		if (path !== '/' && controllers.some(controller => readControllers.has(controller))) {
			paths.add(path);
		}
	}

	const depth = (path: string) => path.split('/').length;
	return [...paths].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : 1));
}
