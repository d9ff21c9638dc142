import {dashboardCommand} from './dashboard.js';
import {sampleCommand} from './sample.js';
import type {Command} from './types.js';

export type {CommandFlags} from './types.js';

export const commands: readonly Command[] = [dashboardCommand, sampleCommand];

export function findCommand(name: string | undefined): Command | undefined {
	return commands.find(command => command.name === (name ?? ''));
}
