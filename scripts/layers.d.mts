export type LayerRule = {
	readonly layers: readonly string[];
	readonly except?: readonly string[];
	readonly packages: readonly string[];
};

export const layerRules: Readonly<Record<string, LayerRule>>;
