import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function tar(args: string[]): Promise<void> {
	try {
		await run('tar', args, { maxBuffer: 16 * 1024 * 1024 });
	} catch (error) {
		const e = error as NodeJS.ErrnoException & { stderr?: string };
		throw new Error(`tar failed: ${(e.stderr || e.message).trim()}`, { cause: error });
	}
}

/** Files under `dir`, every level (0 when it does not exist). */
export async function countFiles(dir: string): Promise<number> {
	try {
		const entries = await readdir(dir, { recursive: true, withFileTypes: true });
		return entries.filter((e) => e.isFile()).length;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
		throw error;
	}
}

/**
 * A tar of the FileStore folder (each upload's bytes and its `.json` metadata), uncompressed:
 * PDFs and JPEGs gain nothing from gzip. A missing folder (no upload yet) gives an empty tar.
 */
export async function archiveFolder(dir: string, file: string): Promise<number> {
	await mkdir(dir, { recursive: true });
	await tar(['--create', `--file=${file}`, `--directory=${dir}`, '.']);
	return countFiles(dir);
}

/** Unpacks a backup's tar into `dir`, emptied first (its contents: it may be a mount point). */
export async function extractFolder(file: string, dir: string): Promise<void> {
	await mkdir(dir, { recursive: true });
	for (const name of await readdir(dir)) {
		await rm(path.join(dir, name), { recursive: true, force: true });
	}
	await tar(['--extract', `--file=${file}`, `--directory=${dir}`, '--no-same-owner']);
}

export function isInside(child: string, parent: string): boolean {
	const rel = path.relative(parent, child);
	return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
