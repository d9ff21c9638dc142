import {useEffect, useRef, useState} from 'react';
import type {EngineHandle, Snapshot} from '../../engine/types.js';

/**
 * The snapshot to show: the engine's latest, or while paused the one on screen when the pause began.
 * Subscribes once per engine; a snapshot arriving while paused costs no render. Resuming shows the
 * newest snapshot at once rather than waiting for the next tick.
 */
export function useSnapshot(engine: EngineHandle, paused: boolean): Snapshot | undefined {
	const [snapshot, setSnapshot] = useState<Snapshot | undefined>(() => engine.latest());
	const pausedRef = useRef(paused);
	pausedRef.current = paused;

	useEffect(
		() =>
			engine.subscribe(next => {
				if (!pausedRef.current) {
					setSnapshot(next);
				}
			}),
		[engine],
	);

	useEffect(() => {
		if (!paused) {
			setSnapshot(current => engine.latest() ?? current);
		}
	}, [engine, paused]);

	return snapshot;
}
