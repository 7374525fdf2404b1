declare module 'sm-crypto' {
	interface SignOptions {
		/** SM3 over Z(userId, public key) || message (the GM/T 0003 signature), not over the bare message. */
		hash?: boolean;
		der?: boolean;
		publicKey?: string;
		userId?: string;
	}
	const smCrypto: {
		sm2: {
			generateKeyPairHex(): { privateKey: string; publicKey: string };
			getPublicKeyFromPrivateKey(privateKey: string): string;
			verifyPublicKey(publicKey: string): boolean;
			doSignature(msg: string | Uint8Array, privateKey: string, options?: SignOptions): string;
			doVerifySignature(
				msg: string | Uint8Array,
				signature: string,
				publicKey: string,
				options?: Omit<SignOptions, 'publicKey'>
			): boolean;
		};
		sm3(input: string | Uint8Array): string;
	};
	export default smCrypto;
}
