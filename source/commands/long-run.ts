import v8 from 'node:v8';

/**
 * For the commands that tick for days (dashboard, record, serve). At one tick a second V8's optimising
 * compiler, TurboFan, spends more CPU on its background threads compiling the tick's code than the
 * optimised code ever saves: the dashboard measured 2.0 → 1.7 % of a core without it. The code still
 * runs in V8's baseline tiers (Ignition, Sparkplug). Short commands (reports, baselines) keep TurboFan.
 */
export function tuneForLongRun(): void {
	v8.setFlagsFromString('--no-opt');
}
