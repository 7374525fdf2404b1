import { authSettings } from './settings';

type AddressSettings = Pick<typeof authSettings, 'addressHeader' | 'xffDepth'>;

/**
 * The client's address as the limits key it. Without ADDRESS_HEADER the socket's address (a
 * header any client can send is ignored); with `x-forwarded-for`, the entry XFF_DEPTH from the
 * end, the one the outermost trusted proxy wrote (entries before it are the client's own claims).
 */
export function clientAddress(
	request: Request,
	socketAddress: () => string,
	settings: AddressSettings = authSettings
): string {
	const header = settings.addressHeader;
	if (!header) return socketAddress();
	const value = request.headers.get(header);
	if (!value) return socketAddress();
	if (header !== 'x-forwarded-for') return value.trim();
	const entries = value.split(',').map((s) => s.trim());
	return entries[entries.length - settings.xffDepth] ?? entries[0] ?? socketAddress();
}
