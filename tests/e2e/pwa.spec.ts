import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Resolves once a service worker controls the page (not on UI text: stack-trial pitfall 18). */
async function waitForController(page: Page) {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function pageIsCached(page: Page, path: string) {
	return page.evaluate(async (p) => {
		const cache = await caches.open('pages');
		return (await cache.match(new URL(p, location.href).href)) !== undefined;
	}, path);
}

/**
 * A pass-through proxy in front of the app that can simulate a deployment: after `deploy(tag)`,
 * `/service-worker.js` is the real script plus a message handler answering with `tag`, so its
 * bytes differ and the page can tell which worker runs.
 *
 * (`page.route`/`context.route` cannot do this: Chromium's update check for the worker script
 * is made by the browser itself and is invisible to Playwright's request interception.)
 */
async function startDeployProxy(baseURL: string) {
	const target = new URL(baseURL);
	target.hostname = '127.0.0.1';
	let suffix = '';
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', target);
		const rewrite = suffix !== '' && url.pathname === '/service-worker.js';
		const headers = { ...req.headers, host: target.host };
		if (rewrite) headers['accept-encoding'] = 'identity';
		const upstream = http.request(url, { method: req.method, headers }, (response) => {
			if (!rewrite || response.statusCode !== 200) {
				res.writeHead(response.statusCode ?? 502, response.headers);
				response.pipe(res);
				return;
			}
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const body = Buffer.concat([...chunks, Buffer.from(suffix)]);
				const { etag: _etag, 'last-modified': _modified, ...rest } = response.headers;
				res.writeHead(200, { ...rest, 'content-length': String(body.length) });
				res.end(body);
			});
		});
		upstream.on('error', () => {
			res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		deploy(tag: string) {
			suffix =
				`\n;self.addEventListener('message', (e) => {` +
				` if (e.data && e.data.type === 'E2E_TAG') e.ports[0].postMessage(${JSON.stringify(tag)}); });\n`;
		},
		close() {
			server.closeAllConnections();
			server.close();
		}
	};
}

/** Tag of the controlling worker, or null for the original (untagged) build. */
async function controllerTag(page: Page): Promise<string | null> {
	return page.evaluate(
		() =>
			new Promise<string | null>((resolve) => {
				const controller = navigator.serviceWorker.controller;
				if (!controller) return resolve(null);
				const channel = new MessageChannel();
				channel.port1.onmessage = (e) => resolve(e.data as string);
				controller.postMessage({ type: 'E2E_TAG' }, [channel.port2]);
				setTimeout(() => resolve(null), 1_000);
			})
	);
}

async function checkForUpdate(page: Page) {
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});
}

test('the manifest has the required fields and its icons are PNGs of the stated size', async ({
	request
}) => {
	const response = await request.get('/manifest.webmanifest');
	expect(response.status()).toBe(200);
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		id: '/',
		name: '江苏职称网上申报',
		short_name: '职称申报',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		lang: 'zh-CN',
		theme_color: '#b4232a'
	});
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
	const has = (sizes: string, purpose: string) =>
		icons.some((i) => i.sizes === sizes && i.purpose.split(' ').includes(purpose));
	expect(has('192x192', 'any')).toBe(true);
	expect(has('512x512', 'any')).toBe(true);
	expect(has('512x512', 'maskable')).toBe(true);

	const files = [
		...icons.map((i) => ({ src: i.src, size: Number(i.sizes.split('x')[0]) })),
		{ src: '/apple-touch-icon.png', size: 180 }
	];
	for (const { src, size } of files) {
		const icon = await request.get(src);
		expect(icon.status(), src).toBe(200);
		expect(icon.headers()['content-type'], src).toBe('image/png');
		expect(pngSize(await icon.body()), src).toEqual({ width: size, height: size });
	}
	const favicon = await request.get('/favicon.png');
	expect(favicon.status()).toBe(200);
	expect(favicon.headers()['content-type']).toBe('image/png');
});

test('a visited page opens offline, an unvisited one shows the offline page', async ({
	page,
	context
}) => {
	await page.goto('/');
	await waitForController(page);
	// The worker adds the page it was installed on to the page cache while activating.
	await expect.poll(() => pageIsCached(page, '/')).toBe(true);

	await context.setOffline(true);
	await page.reload();
	await expect(page.locator('header .brand')).toBeVisible();
	await expect(page.locator('h1')).toBeVisible();
	await expect(page.getByTestId('offline-indicator')).toBeVisible();

	await page.goto('/pwa-e2e-never-visited');
	await expect(page.locator('h1')).toContainText('离线');
	await expect(page.locator('header .brand')).toBeVisible();

	await context.setOffline(false);
});

test('a newly deployed service worker shows the update prompt', async ({ page, baseURL }) => {
	const proxy = await startDeployProxy(baseURL!);
	try {
		await page.goto(`${proxy.origin}/`);
		await waitForController(page);
		expect(await controllerTag(page)).toBeNull();

		// With unsaved input registered, 立即更新 must not reload the page.
		proxy.deploy('deploy-1');
		await checkForUpdate(page);
		const prompt = page.getByTestId('update-prompt');
		await expect(prompt).toBeVisible();
		await expect(prompt).toContainText('有新版本');
		await expect(page.getByRole('status').filter({ has: prompt })).toHaveCount(1);

		await page.evaluate(() => {
			const hook = (window as unknown as Record<string, unknown>).__zhichengPwa as {
				registerUnsaved(check: () => boolean): () => void;
			};
			(window as unknown as Record<string, unknown>).__e2eUnregister = hook.registerUnsaved(
				() => true
			);
			(window as unknown as Record<string, unknown>).__e2eMarker = 'same page';
		});
		await prompt.getByRole('button', { name: '立即更新' }).click();
		await expect(page.getByTestId('update-unsaved')).toBeVisible();
		await page.waitForTimeout(1_000);
		expect(
			await page.evaluate(() => (window as unknown as Record<string, unknown>).__e2eMarker)
		).toBe('same page');
		expect(
			await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)
		).toBe(true);
		expect(await controllerTag(page)).toBeNull();

		// Once the input is saved, 立即更新 activates the new worker and reloads into it.
		await page.evaluate(() =>
			((window as unknown as Record<string, unknown>).__e2eUnregister as () => void)()
		);
		await Promise.all([
			page.waitForEvent('load'),
			prompt.getByRole('button', { name: '立即更新' }).click()
		]);
		await waitForController(page);
		expect(
			await page.evaluate(() => (window as unknown as Record<string, unknown>).__e2eMarker)
		).toBe(undefined);
		expect(await controllerTag(page)).toBe('deploy-1');
		await expect(page.getByTestId('update-prompt')).toHaveCount(0);

		// 稍后 dismisses the prompt and leaves the running version alone.
		proxy.deploy('deploy-2');
		await checkForUpdate(page);
		await expect(prompt).toBeVisible();
		await prompt.getByRole('button', { name: '稍后' }).click();
		await expect(prompt).toHaveCount(0);
		expect(await controllerTag(page)).toBe('deploy-1');
	} finally {
		await page.close();
		proxy.close();
	}
});
