// http_ece (a dependency of web-push) ships no types; the push test decrypts with it.
declare module 'http_ece' {
	const ece: {
		decrypt(
			buffer: Buffer,
			params: { version: string; privateKey: import('node:crypto').ECDH; authSecret: string }
		): Buffer;
	};
	export default ece;
}
