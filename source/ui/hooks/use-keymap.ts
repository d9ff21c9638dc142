import {createContext, useContext} from 'react';
import {type Binding, keymap} from '../keymap.js';

/** The dashboard's keymap with the config file's `keys:` applied; the default one in tests and replays. */
export const KeymapContext = createContext<readonly Binding[]>(keymap);

/** The keymap the help overlay and the footer show, the same the keys are read from. */
export function useKeymap(): readonly Binding[] {
	return useContext(KeymapContext);
}
