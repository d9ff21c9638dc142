import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createContainerNames} from '../../source/collect/read-container-names.js';
import {parseContainerLogLink, parseDockerName, parseOciAnnotations, parsePodLogDirectory, parseStorageContainers} from '../../source/collect/parse-container-records.js';
import {brokenPod, corednsPod, kubernetesNodePaths, kubernetesNodeRoot, nodeIds as ids, podUid, redisPod} from '../helpers/cgroup-scenarios.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'perftop-container-names-'));
afterAll(() => {
	rmSync(scratch, {recursive: true, force: true});
});

const fixtures = 'test/fixtures/container-names';
describe('createContainerNames on a Kubernetes node', () => {
	const names = createContainerNames(kubernetesNodeRoot).namesFor(kubernetesNodePaths);

	it('names containerd\'s containers and sandbox from the bundle\'s CRI annotations', () => {
		expect(names.containers.get(ids.nginx)).toEqual({name: 'nginx', pod: {namespace: 'default', name: 'nginx-7c5ddbdf54-x2x8k', uid: podUid}});
		expect(names.containers.get(ids.sandbox)?.name).toBe('sandbox');
	});

	it('names CRI-O\'s container from kubelet\'s labels in its config.json', () => {
		expect(names.containers.get(ids.redis)).toEqual({name: 'redis', pod: {namespace: 'cache', name: 'redis-0', uid: redisPod}});
	});

	it('names a container without a runtime record from kubelet\'s log link, and its pod from the pod\'s log directory', () => {
		expect(names.containers.get(ids.coredns)).toEqual({name: 'coredns', pod: {namespace: 'kube-system', name: 'coredns-5d78c9869d-q7w2x'}});
		expect(names.pods.get(corednsPod)).toEqual({namespace: 'kube-system', name: 'coredns-5d78c9869d-q7w2x'});
	});

	it('names each pod slice from its containers\' records', () => {
		expect(names.pods.get(podUid)).toEqual({namespace: 'default', name: 'nginx-7c5ddbdf54-x2x8k'});
		expect(names.pods.get(redisPod)).toEqual({namespace: 'cache', name: 'redis-0'});
	});

	it('leaves a container with a corrupt config.json, and its pod, unnamed', () => {
		expect(names.containers.has(ids.broken)).toBe(false);
		expect(names.pods.has(brokenPod)).toBe(false);
	});
});

describe('createContainerNames elsewhere', () => {
	it('names a nerdctl container from its nerdctl/name annotation, in containerd\'s default namespace', () => {
		const names = createContainerNames(path.join(fixtures, 'containerd-nerdctl')).namesFor([`/system.slice/nerdctl-${ids.web}.scope`, `/default/${ids.web}`]);
		expect(names.containers).toEqual(new Map([[ids.web, {name: 'web'}]]));
	});

	it('names a Podman container from containers/storage\'s containers.json (its config.json has no name)', () => {
		const podman = 'a2aee034e00768eea8a38abe23c0674a49e266beade9734e45ed398d1b2ccd84';
		const names = createContainerNames(path.join(fixtures, 'podman')).namesFor([`/libpod_parent/libpod-${podman}`, '/libpod_parent/conmon']);
		expect(names.containers).toEqual(new Map([[podman, {name: 'cgnames-web'}]]));
	});

	it('reads the bundles containerd 1.6 wrote on this machine, in any of its namespaces', () => {
		const [plain, pod] = ['beaea90dd71f675dd009ed991b56fdec1438de7e2c6aa4f4b7fffea67f750abd', '065c5d1754074763427d62ec178cd0606f6bd000fe0f594f5f90baed1b3d9aee'];
		const uid = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
		const names = createContainerNames(path.join(fixtures, 'containerd-ctr')).namesFor([`/default/${plain}`, `/kubepods/besteffort/pod${uid}`, `/kubepods/besteffort/pod${uid}/${pod}`]);
		expect(names.containers).toEqual(new Map([[plain, {name: 'web-live'}], [pod, {name: 'nginx', pod: {namespace: 'shop', name: 'nginx-live-0', uid}}]]));
		expect(names.pods).toEqual(new Map([[uid, {namespace: 'shop', name: 'nginx-live-0'}]]));
	});

	it('names nothing where no record is readable, and does not throw', () => {
		const names = createContainerNames(path.join(scratch, 'nothing-here')).namesFor(kubernetesNodePaths);
		expect(names).toEqual({containers: new Map(), pods: new Map()});
	});

	it('tries an unnamed container again at the next walks, then gives up, and forgets groups that went', () => {
		const rootfs = path.join(scratch, 'late');
		const bundle = path.join(rootfs, 'run', 'containerd', 'io.containerd.runtime.v2.task', 'default', ids.web);
		const groups = [`/system.slice/nerdctl-${ids.web}.scope`];
		const names = createContainerNames(rootfs);
		expect(names.namesFor(groups).containers.size).toBe(0);
		mkdirSync(bundle, {recursive: true});
		cpSync(path.join(fixtures, 'containerd-nerdctl', 'run', 'containerd', 'io.containerd.runtime.v2.task', 'default', ids.web, 'config.json'), path.join(bundle, 'config.json'));
		expect(names.namesFor(groups).containers.get(ids.web)).toEqual({name: 'web'});
		// Gone and back: a new container under the same id is read afresh, and after three misses left alone.
		expect(names.namesFor([]).containers.size).toBe(0);
		writeFileSync(path.join(bundle, 'config.json'), '{');
		for (let walk = 0; walk < 3; walk++) {
			expect(names.namesFor(groups).containers.size).toBe(0);
		}

		cpSync(path.join(fixtures, 'containerd-nerdctl', 'run', 'containerd', 'io.containerd.runtime.v2.task', 'default', ids.web, 'config.json'), path.join(bundle, 'config.json'));
		expect(names.namesFor(groups).containers.size).toBe(0);
	});
});

describe('the record parsers', () => {
	it('reads Docker\'s name without its leading slash, and nothing from a record without one or not JSON', () => {
		expect(parseDockerName('{"State":{},"Name":"/db-1","MountPoints":{"/data":{"Name":"vol"}}}')).toBe('db-1');
		expect(parseDockerName('{"State":{}}')).toBeUndefined();
		expect(parseDockerName('{"Name":"/we')).toBeUndefined();
	});

	it('takes no name with a control character, which would reach the terminal', () => {
		expect(parseOciAnnotations('{"annotations":{"nerdctl/name":"web\\u001b]0;owned\\u0007"}}')).toBeUndefined();
		expect(parseContainerLogLink(`web-0_shop_php\u001b[2J-${ids.web}.log`)).toBeUndefined();
		expect(parsePodLogDirectory(`shop_web\u0007-0_${corednsPod}`)).toBeUndefined();
	});

	it('reads no identity from a spec without the annotations it knows', () => {
		expect(parseOciAnnotations('{"ociVersion":"1.1.0","annotations":{"org.opencontainers.image.stopSignal":"SIGTERM"}}')).toBeUndefined();
		expect(parseOciAnnotations('{"ociVersion":"1.1.0"}')).toBeUndefined();
		expect(parseOciAnnotations('[]')).toBeUndefined();
	});

	it('reads containers/storage\'s names, skipping entries it cannot use', () => {
		expect(parseStorageContainers(`[{"id":"${ids.web}","names":["web"],"image":"1d0c"},{"id":"x","names":[]},7,null]`)).toEqual(new Map([[ids.web, 'web']]));
		expect(parseStorageContainers('{')).toEqual(new Map());
	});

	it('splits kubelet\'s log names, and skips a link cut at 255 characters', () => {
		expect(parsePodLogDirectory(`kube-system_coredns-5d78c9869d-q7w2x_${corednsPod}`)).toEqual({uid: corednsPod, pod: {namespace: 'kube-system', name: 'coredns-5d78c9869d-q7w2x'}});
		expect(parsePodLogDirectory('lost+found')).toBeUndefined();
		expect(parseContainerLogLink(`web-0_shop_php-fpm-${ids.web}.log`)).toEqual({id: ids.web, identity: {name: 'php-fpm', pod: {namespace: 'shop', name: 'web-0'}}});
		expect(parseContainerLogLink(`${'a'.repeat(200)}_shop_php-fpm-${ids.web.slice(0, 40)}.log`)).toBeUndefined();
	});
});
