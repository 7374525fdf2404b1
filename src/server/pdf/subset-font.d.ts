declare module 'subset-font' {
	export interface SubsetOptions {
		targetFormat?: 'sfnt' | 'woff' | 'woff2';
		keepFeatures?: string[];
		noLayoutClosure?: boolean;
		preserveNameIds?: number[];
	}
	export default function subsetFont(
		/** A Buffer: its format is sniffed with Buffer methods. */
		font: Buffer,
		text: string,
		options?: SubsetOptions
	): Promise<Uint8Array>;
}
